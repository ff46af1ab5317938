import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '@relay/common';
import type { ActorType } from './actor';
import type { Changes, EventContext, WebhookEventType } from './event-types';

/** The outbox: written in the same transaction as the change it describes. */
@Entity('events')
export class EventRecord {
  @PrimaryColumn({ type: 'varchar', length: 40 }) id!: string;
  @Column({ type: 'varchar', length: 40 }) workspaceId!: string;
  @Column({ type: 'varchar', length: 64 }) type!: WebhookEventType;
  @Column({ type: 'simple-json' }) data!: object;
  @Column({ type: 'simple-json', nullable: true }) changes!: Changes | null;
  @Column({ type: 'simple-json', nullable: true }) context!: EventContext | null;
  /** The actor (contract §9), one column per field so GET /events can filter on them. */
  @Column({ type: 'varchar', length: 16 }) actorType!: ActorType;
  @Column({ type: 'varchar', length: 40, nullable: true }) actorId!: string | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) actorApiKeyId!: string | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) actorRuleId!: string | null;
  @TimestampColumn() createdAt!: Date;
  /** Set at birth on an event addressed to one target (a test `ping`): no outbox consumer follows it. */
  @TimestampColumn({ nullable: true }) dispatchedAt!: Date | null;
}
