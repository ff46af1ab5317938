import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Echo a sane client-sent X-Request-Id, else mint one (contract §1). */
export function requestIdFor(req: IncomingMessage): string {
  const sent = req.headers['x-request-id'];
  const candidate = Array.isArray(sent) ? sent[0] : sent;
  return candidate && SAFE_ID.test(candidate) ? candidate : randomUUID();
}
