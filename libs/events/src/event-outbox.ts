import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { EntityManager } from 'typeorm';
import { SequentialIds } from '@relay/common';
import { batched, onCommit, TransactionRunner } from '@relay/database';
import { EventRecord } from './event.entity';
import type { Actor } from './actor';
import { DomainEvent, EventPayloads, EVENTS_APPENDED } from './event-types';

const INSERT_EVENTS =
  'INSERT INTO events (id, workspace_id, type, data, changes, context, actor_type, actor_id, actor_api_key_id, actor_rule_id, created_at, dispatched_at)' +
  ' VALUES ';
const EVENT_ROW = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
/** Events written in one statement at most: a bulk change's thousands go in rows of this many, as they come. */
const MAX_BATCH = 100;
/** The insert of n events, kept per n. */
const insertTexts: string[] = [];
const insertOf = (n: number) => (insertTexts[n] ??= INSERT_EVENTS + Array(n).fill(EVENT_ROW).join(', '));

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

  /**
   * The event is written with the unit's other events in one statement at the unit's end
   * (`batched`): a create writing its ticket's and its description's events pays one round trip.
   */
  async append(manager: EntityManager, event: DomainEvent): Promise<EventRecord> {
    const record = this.record(event, null);
    const rows = batched<unknown[]>(manager, this, (unit, pending) => this.insert(unit, pending));
    if (rows.push(row(record)) >= MAX_BATCH) await this.insert(manager, rows.splice(0));
    onCommit(manager, () => this.emitter.emit(EVENTS_APPENDED));
    return record;
  }

  /**
   * Records an event the caller addresses itself (a test `ping`, `automation.triggered`): it is born already
   * dispatched, so fan-out never sends it to every subscriber. Written at once: its deliveries refer to it.
   */
  async appendAddressed(manager: EntityManager, event: AddressedEvent): Promise<EventRecord> {
    const record = this.record(event, new Date());
    await this.insert(manager, [row(record)]);
    return record;
  }

  private record(event: DomainEvent | (AddressedEvent & { changes?: undefined }), dispatchedAt: Date | null): EventRecord {
    const { id, time } = eventIds.next();
    return Object.assign(new EventRecord(), {
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
  }

  /** A fixed-text insert per row count (every write appends events): no entity persistence round trip. */
  private async insert(manager: EntityManager, rows: unknown[][]): Promise<void> {
    await this.tx.query(manager, insertOf(rows.length), rows.flat());
  }
}

/** The event's columns, its JSON serialised now: the caller may go on changing the objects it passed. */
function row(record: EventRecord): unknown[] {
  return [
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
    record.dispatchedAt?.getTime() ?? null,
  ];
}
