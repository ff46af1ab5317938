import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '@relay/common';

/** A one-time link to set a password; deleted when used or replaced by a newer invite. */
@Entity('user_invites')
export class UserInvite {
  @PrimaryColumn({ type: 'varchar', length: 40 }) id!: string;
  @Column({ type: 'varchar', length: 40 }) workspaceId!: string;
  @Column({ type: 'varchar', length: 40 }) userId!: string;
  @Column({ type: 'varchar', length: 64 }) tokenHash!: string;
  @TimestampColumn() createdAt!: Date;
  @TimestampColumn() expiresAt!: Date;
}
