import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { Agent, Dispatcher, request } from 'undici';
import { RelayConfig } from '@relay/common';
import { Resolver, TARGET_RESOLVER, UnsafeTargetError, VettedTarget, vetTarget } from '../target-vetting';

export const SEND_TIMEOUT_MS = 10_000;
const MAX_RESPONSE_BYTES = 64 * 1024;
// How much of a response body is kept for the delivery log.
const MAX_BODY_CHARS = 500;
// Connections kept per vetted address, and how many addresses keep a pool at all.
const CONNECTIONS_PER_ADDRESS = 16;
const MAX_POOLED_ADDRESSES = 100;

/** What one POST got back: the status, the `Retry-After` header and the start of the body, or why nothing came back. */
export interface PostResult {
  /** HTTP status, or null when no response came back (refused target, network error, timeout). */
  status: number | null;
  retryAfter: string | null;
  /** The first characters of the response body (receivers explain refusals there). */
  body: string;
  /** Why no response came back; null when one did. */
  error: string | null;
}

/**
 * One attempt for any kind of target: vet the URL again (DNS may have changed since creation)
 * and POST to the vetted address only. Never follows redirects; times out after 10 s.
 * Connections are kept alive per vetted address (a TCP and TLS handshake per event was most of
 * a delivery's cost); a host that now resolves elsewhere is vetted again and gets its own pool.
 * Errors never carry the URL: for notification channels it is the credential.
 */
@Injectable()
export class DeliverySender implements OnModuleDestroy {
  private readonly agents = new Map<string, Agent>();

  constructor(
    private readonly config: RelayConfig,
    @Inject(TARGET_RESOLVER) private readonly resolve: Resolver,
  ) {}

  async post(url: string, headers: Record<string, string>, body: string): Promise<PostResult> {
    let target: VettedTarget;
    try {
      target = await vetTarget(url, { allowPrivate: this.config.webhooks.allowPrivateTargets, resolve: this.resolve });
    } catch (error) {
      const reason = error instanceof UnsafeTargetError ? error.message : 'target check failed';
      return { status: null, retryAfter: null, body: '', error: `target refused: url ${reason}` };
    }
    try {
      const response = await request(target.url, {
        method: 'POST',
        dispatcher: this.agentFor(target),
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
      const retryAfter = response.headers['retry-after'];
      return {
        status: response.statusCode,
        retryAfter: typeof retryAfter === 'string' ? retryAfter : null,
        body: await readStart(response.body),
        error: null,
      };
    } catch (error) {
      return { status: null, retryAfter: null, body: '', error: describeNetworkError(error) };
    }
  }

  async onModuleDestroy(): Promise<void> {
    const agents = [...this.agents.values()];
    this.agents.clear();
    await Promise.all(agents.map((agent) => agent.close().catch(() => undefined)));
  }

  private agentFor(target: VettedTarget): Agent {
    const key = `${target.family}/${target.address}`;
    let agent = this.agents.get(key);
    if (!agent) {
      if (this.agents.size >= MAX_POOLED_ADDRESSES) {
        const [oldestKey, oldest] = this.agents.entries().next().value!;
        this.agents.delete(oldestKey);
        void oldest.close().catch(() => undefined);
      }
      agent = pinnedAgent(target);
      this.agents.set(key, agent);
    }
    return agent;
  }
}

/** An agent whose every connection goes to the vetted address: no second, unchecked lookup. */
function pinnedAgent(target: VettedTarget): Agent {
  const lookup = (_host: string, options: LookupOptions, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: target.address, family: target.family } satisfies LookupAddress]);
    else callback(null, target.address, target.family);
  };
  return new Agent({ connect: { lookup: lookup as never }, connections: CONNECTIONS_PER_ADDRESS, pipelining: 1 });
}

/** Reads up to MAX_RESPONSE_BYTES of a body and drops the rest (the connection is then reused or closed). */
async function readStart(body: Dispatcher.ResponseData['body']): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= MAX_RESPONSE_BYTES) break;
    }
  } catch {
    // A body cut short still told us its status.
  }
  return Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES).toString('utf8').slice(0, MAX_BODY_CHARS);
}

function describeNetworkError(error: unknown): string {
  const e = error as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no response within ${SEND_TIMEOUT_MS / 1000} s`;
  const code = e.code ?? e.cause?.code;
  const message = e.cause?.message ?? e.message ?? 'request failed';
  return code ? `${code}: ${message}` : message;
}
