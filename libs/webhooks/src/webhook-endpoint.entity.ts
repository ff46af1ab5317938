import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '@relay/common';

/** A subscription: where to POST which events of the workspace. */
@Entity('webhook_endpoints')
export class WebhookEndpoint {
  @PrimaryColumn({ type: 'varchar', length: 40 }) id!: string;
  @Column({ type: 'varchar', length: 40 }) workspaceId!: string;
  @Column({ type: 'varchar', length: 2048 }) url!: string;
  @Column({ type: 'varchar', length: 500, nullable: true }) description!: string | null;
  /** Event type names, or `['*']` for all. */
  @Column({ type: 'simple-json' }) events!: string[];
  /**
   * The signing secret as issued (`whsec_…`), stored as-is: HMAC signing needs the secret
   * itself, so it cannot be hashed like an API key. It is returned only by create and rotate,
   * and never logged.
   */
  @Column({ type: 'varchar', length: 128 }) secret!: string;
  /** The secret before the last rotation: it keeps signing beside the new one until the expiry. */
  @Column({ type: 'varchar', length: 128, nullable: true }) previousSecret!: string | null;
  @TimestampColumn({ nullable: true }) previousSecretExpiresAt!: Date | null;
  @Column({ type: 'boolean' }) active!: boolean;
  @Column({ type: 'varchar', length: 500, nullable: true }) disabledReason!: string | null;
  @TimestampColumn({ nullable: true }) failingSince!: Date | null;
  @TimestampColumn() createdAt!: Date;
  @TimestampColumn() updatedAt!: Date;
}
