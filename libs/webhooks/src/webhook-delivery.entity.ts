import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '@relay/common';
import type { WebhookEventType } from '@relay/events';

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** What a delivery goes to: a webhook endpoint (`endpointId`) or a notification channel (`channelId`). */
export const DELIVERY_TARGET_KINDS = ['webhook', 'notification_channel'] as const;
export type DeliveryTargetKind = (typeof DELIVERY_TARGET_KINDS)[number];

/**
 * One event to one target (unique per pair), with the state of its attempts. Exactly one of
 * `endpointId` and `channelId` is set, as `targetKind` says; each cascades from its target.
 */
@Entity('webhook_deliveries')
export class WebhookDelivery {
  @PrimaryColumn({ type: 'varchar', length: 40 }) id!: string;
  @Column({ type: 'varchar', length: 40 }) workspaceId!: string;
  @Column({ type: 'varchar', length: 24 }) targetKind!: DeliveryTargetKind;
  @Column({ type: 'varchar', length: 40, nullable: true }) endpointId!: string | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) channelId!: string | null;
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

/** The column naming a delivery's target, per kind. */
export const TARGET_COLUMN: Record<DeliveryTargetKind, 'endpointId' | 'channelId'> = {
  webhook: 'endpointId',
  notification_channel: 'channelId',
};
