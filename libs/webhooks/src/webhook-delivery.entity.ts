import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '@relay/common';
import type { WebhookEventType } from '@relay/events';

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One event to one endpoint (unique per pair), with the state of its attempts. */
@Entity('webhook_deliveries')
export class WebhookDelivery {
  @PrimaryColumn({ type: 'varchar', length: 40 }) id!: string;
  @Column({ type: 'varchar', length: 40 }) workspaceId!: string;
  @Column({ type: 'varchar', length: 40 }) endpointId!: string;
  @Column({ type: 'varchar', length: 40 }) eventId!: string;
  @Column({ type: 'varchar', length: 64 }) eventType!: WebhookEventType;
  @Column({ type: 'varchar', length: 16 }) status!: DeliveryStatus;
  @Column({ type: 'integer' }) attempts!: number;
  @Column({ type: 'integer', nullable: true }) lastResponseStatus!: number | null;
  @Column({ type: 'varchar', length: 1000, nullable: true }) lastError!: string | null;
  @TimestampColumn({ nullable: true }) nextAttemptAt!: Date | null;
  @TimestampColumn({ nullable: true }) lockedUntil!: Date | null;
  @TimestampColumn() createdAt!: Date;
  @TimestampColumn() updatedAt!: Date;
}
