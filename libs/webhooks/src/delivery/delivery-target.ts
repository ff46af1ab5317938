import { Injectable } from '@nestjs/common';
import type { EntityManager, EntityTarget, SelectQueryBuilder } from 'typeorm';
import type { EventRecord } from '@relay/events';
import type { DeliveryTargetKind, WebhookDelivery } from '../webhook-delivery.entity';
import type { HealthTracked } from './target-health';

export interface AttemptOutcome {
  ok: boolean;
  /** HTTP status, or null when no response came back. */
  status: number | null;
  error: string | null;
  /** The receiver asked to be called again after this long; the attempt is not counted. */
  retryAfterMs?: number;
  /** No retry can succeed (the receiver refused the message itself): failed at once. */
  final?: boolean;
  /** The target is gone or forbidden: failed at once, and the target is disabled with this reason. */
  disableReason?: string;
}

/**
 * One kind of target the delivery engine serves (webhook endpoints, notification channels).
 * The engine owns the outbox consumer, the deliveries table, claims, leases and retries; a
 * kind says which deliveries an event makes, which of its deliveries may go now, how to send
 * one, and what an attempt means for the target itself.
 */
export interface DeliveryTarget {
  readonly kind: DeliveryTargetKind;
  /** The targets' table (rows keyed by the delivery's TARGET_COLUMN); deleting one cascades to its deliveries. */
  readonly entity: EntityTarget<HealthTracked>;
  /** Inside the transaction that moves this kind's outbox checkpoint past `events`: the deliveries they make. */
  fanOut(manager: EntityManager, events: EventRecord[], now: Date): Promise<WebhookDelivery[]>;
  /** Narrows a claim (alias `d`, already due, pending and unleased) to this kind's sendable deliveries. */
  claimable(claim: SelectQueryBuilder<WebhookDelivery>, now: number): void;
  /** Attempts each claimed delivery, outside any transaction; null where the target or event vanished. */
  attempt(deliveries: WebhookDelivery[], events: ReadonlyMap<string, EventRecord>): Promise<(AttemptOutcome | null)[]>;
  /**
   * In the transaction recording the attempt: the target's own bookkeeping (failure clock,
   * disabling, pacing). Returns in how many ms the target may take its next delivery, if paced.
   */
  afterAttempt(manager: EntityManager, delivery: WebhookDelivery, outcome: AttemptOutcome, now: Date): Promise<number | null>;
}

/** The kinds of target delivery serves; each registers itself when its module starts. */
@Injectable()
export class DeliveryTargets {
  private readonly byKind = new Map<DeliveryTargetKind, DeliveryTarget>();

  register(target: DeliveryTarget): void {
    this.byKind.set(target.kind, target);
  }

  all(): DeliveryTarget[] {
    return [...this.byKind.values()];
  }

  /** The target of a claimed delivery; null if its kind is not hosted by this process. */
  of(delivery: Pick<WebhookDelivery, 'targetKind'>): DeliveryTarget | null {
    return this.byKind.get(delivery.targetKind) ?? null;
  }
}
