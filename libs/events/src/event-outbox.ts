import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { EntityManager } from 'typeorm';
import { SequentialIds } from '@relay/common';
import { onCommit, TransactionRunner } from '@relay/database';
import { EventRecord } from './event.entity';
import type { Actor } from './actor';
import { DomainEvent, EventPayloads, EVENTS_APPENDED } from './event-types';

const INSERT_EVENT =
  'INSERT INTO events (id, workspace_id, type, data, changes, context, actor_type, actor_id, actor_api_key_id, actor_rule_id, created_at, dispatched_at)' +
  ' VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';

/**
 * One sequence per process: events appended here sort by (created_at, id) in the order they were
 * appended, so readers ordering on that pair (GET /events, the outbox consumers) keep it.
 */
const eventIds = new SequentialIds('evt');

/** Events sent to one target only: a test `ping`, a rule's `automation.triggered` (contract §11). */
type AddressedType = 'ping' | 'automation.triggered';
type AddressedEvent = {
  [K in AddressedType]: { workspaceId: string; actor: Actor; type: K; data: EventPayloads[K]; context?: Record<string, unknown> };
}[AddressedType];

/**
 * Services record their domain events here, inside their own transaction: the event commits
 * with the change or not at all, so a crash after commit never loses it. Delivery is woken
 * after commit; a poller covers whatever a crash left behind.
 */
@Injectable()
export class EventOutbox {
  constructor(
    private readonly emitter: EventEmitter2,
    private readonly tx: TransactionRunner,
  ) {}

  async append(manager: EntityManager, event: DomainEvent): Promise<EventRecord> {
    const record = await this.save(manager, event, null);
    onCommit(manager, () => this.emitter.emit(EVENTS_APPENDED));
    return record;
  }

  /**
   * Records an event the caller addresses itself (a test `ping`, `automation.triggered`): it is born already
   * dispatched, so fan-out never sends it to every subscriber.
   */
  appendAddressed(manager: EntityManager, event: AddressedEvent): Promise<EventRecord> {
    return this.save(manager, event, new Date());
  }

  private async save(
    manager: EntityManager,
    event: DomainEvent | (AddressedEvent & { changes?: undefined }),
    dispatchedAt: Date | null,
  ): Promise<EventRecord> {
    const { id, time } = eventIds.next();
    const record = Object.assign(new EventRecord(), {
      id,
      workspaceId: event.workspaceId,
      type: event.type,
      data: event.data,
      changes: event.changes ?? null,
      context: event.context ?? null,
      actorType: event.actor.type,
      actorId: event.actor.id,
      actorApiKeyId: event.actor.api_key_id,
      actorRuleId: event.actor.rule_id,
      createdAt: new Date(time),
      dispatchedAt,
    } satisfies EventRecord);
    // A fixed-text insert (every write appends events): no entity persistence round trip.
    await this.tx.query(manager, INSERT_EVENT, [
      record.id,
      record.workspaceId,
      record.type,
      JSON.stringify(record.data),
      record.changes === null ? null : JSON.stringify(record.changes),
      record.context === null ? null : JSON.stringify(record.context),
      record.actorType,
      record.actorId,
      record.actorApiKeyId,
      record.actorRuleId,
      record.createdAt.getTime(),
      dispatchedAt?.getTime() ?? null,
    ]);
    return record;
  }
}
