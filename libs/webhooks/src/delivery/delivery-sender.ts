import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { Agent, request } from 'undici';
import { RelayConfig } from '@relay/common';
import type { EventResponse } from '@relay/events';
import { Resolver, TARGET_RESOLVER, UnsafeTargetError, VettedTarget, vetTarget } from '../target-vetting';
import { signDelivery, SigningKeys } from '../webhook-secret';
import type { AttemptOutcome } from './delivery-ledger';

export const SEND_TIMEOUT_MS = 10_000;
const MAX_RESPONSE_BYTES = 64 * 1024;
// Connections kept per vetted address, and how many addresses keep a pool at all.
const CONNECTIONS_PER_ADDRESS = 16;
const MAX_POOLED_ADDRESSES = 100;

/**
 * One attempt: vet the target again (DNS may have changed since creation), sign per Standard
 * Webhooks with the event id as `webhook-id` (stable across retries, so receivers can dedupe),
 * and POST to the vetted address only. Never follows redirects; 2xx within 10 s is success.
 * Connections are kept alive per vetted address (a TCP and TLS handshake per event was most of
 * a delivery's cost); a host that now resolves elsewhere is vetted again and gets its own pool.
 */
@Injectable()
export class DeliverySender implements OnModuleDestroy {
  private readonly agents = new Map<string, Agent>();

  constructor(
    private readonly config: RelayConfig,
    @Inject(TARGET_RESOLVER) private readonly resolve: Resolver,
  ) {}

  async send(endpoint: { url: string } & SigningKeys, payload: EventResponse): Promise<AttemptOutcome> {
    let target: VettedTarget;
    try {
      target = await vetTarget(endpoint.url, { allowPrivate: this.config.webhooks.allowPrivateTargets, resolve: this.resolve });
    } catch (error) {
      const reason = error instanceof UnsafeTargetError ? error.message : 'target check failed';
      return { ok: false, status: null, error: `target refused: url ${reason}` };
    }
    const body = JSON.stringify(payload);
    const sentAt = new Date();
    const signature = signDelivery(endpoint, payload.id, sentAt, body);
    const agent = this.agentFor(target);
    try {
      const response = await request(target.url, {
        method: 'POST',
        dispatcher: agent,
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Relay-Webhooks/1.0',
          'webhook-id': payload.id,
          'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
          'webhook-signature': signature,
        },
        body,
      });
      await response.body.dump({ limit: MAX_RESPONSE_BYTES }).catch(() => undefined);
      const ok = response.statusCode >= 200 && response.statusCode < 300;
      return { ok, status: response.statusCode, error: ok ? null : `receiver answered HTTP ${response.statusCode}` };
    } catch (error) {
      return { ok: false, status: null, error: describeNetworkError(error) };
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

function describeNetworkError(error: unknown): string {
  const e = error as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no response within ${SEND_TIMEOUT_MS / 1000} s`;
  const code = e.code ?? e.cause?.code;
  const message = e.cause?.message ?? e.message ?? 'request failed';
  return code ? `${code}: ${message}` : message;
}
