import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '@relay/common';
import type { ChannelFilter } from './delivery/channel-filter';

export const CHANNEL_TYPES = ['slack'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

/** Where a workspace's chat notifications go (contract §12), delivered by the webhook engine. */
@Entity('notification_channels')
export class NotificationChannel {
  @PrimaryColumn({ type: 'varchar', length: 40 }) id!: string;
  @Column({ type: 'varchar', length: 40 }) workspaceId!: string;
  @Column({ type: 'varchar', length: 100 }) name!: string;
  @Column({ type: 'varchar', length: 16 }) type!: ChannelType;
  /**
   * The incoming-webhook URL. Anyone holding it can post to the Slack channel, so it is a
   * credential: write-only, shown only as `url_hint`, never logged nor put in events.
   */
  @Column({ type: 'varchar', length: 2048 }) url!: string;
  @Column({ type: 'simple-json' }) events!: string[];
  @Column({ type: 'simple-json' }) filter!: ChannelFilter;
  @Column({ type: 'simple-json', nullable: true }) template!: { text: string } | null;
  @Column({ type: 'varchar', length: 2048, nullable: true }) linkTemplate!: string | null;
  @Column({ type: 'boolean' }) active!: boolean;
  @Column({ type: 'varchar', length: 500, nullable: true }) disabledReason!: string | null;
  @TimestampColumn({ nullable: true }) failingSince!: Date | null;
  @TimestampColumn({ nullable: true }) pacedUntil!: Date | null;
  @TimestampColumn() createdAt!: Date;
  @TimestampColumn() updatedAt!: Date;
}
