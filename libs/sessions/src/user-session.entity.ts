import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '@relay/common';

/** A person signed in from a browser (contract §13). */
@Entity('user_sessions')
export class UserSession {
  @PrimaryColumn({ type: 'varchar', length: 40 }) id!: string;
  @Column({ type: 'varchar', length: 40 }) workspaceId!: string;
  @Column({ type: 'varchar', length: 40 }) userId!: string;
  /** SHA-256 of the cookie's token; the token itself is never stored. */
  @Column({ type: 'varchar', length: 64 }) tokenHash!: string;
  @Column({ type: 'varchar', length: 64, nullable: true }) ip!: string | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) userAgent!: string | null;
  @TimestampColumn() createdAt!: Date;
  /** Advisory, written at most once a minute: it drives the idle expiry. */
  @TimestampColumn() lastSeenAt!: Date;
  /** The absolute end (SESSION_MAX_DAYS after sign-in). */
  @TimestampColumn() expiresAt!: Date;

  /** `sort=updated_at` lists sessions by their last use. */
  get updatedAt(): Date {
    return this.lastSeenAt;
  }
}
