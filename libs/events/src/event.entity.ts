import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '@relay/common';
import type { Changes, WebhookEventType } from './event-types';

/** The outbox: written in the same transaction as the change it describes. */
@Entity('events')
export class EventRecord {
  @PrimaryColumn({ type: 'varchar', length: 40 }) id!: string;
  @Column({ type: 'varchar', length: 40 }) workspaceId!: string;
  @Column({ type: 'varchar', length: 64 }) type!: WebhookEventType;
  @Column({ type: 'simple-json' }) data!: object;
  @Column({ type: 'simple-json', nullable: true }) changes!: Changes | null;
  @TimestampColumn() createdAt!: Date;
  /** Set at birth on an event addressed to one target (a test `ping`): no outbox consumer follows it. */
  @TimestampColumn({ nullable: true }) dispatchedAt!: Date | null;
}
