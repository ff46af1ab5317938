import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '@relay/common';
import type { Permission } from '@relay/auth';

@Entity('api_keys')
export class ApiKey {
  @PrimaryColumn({ type: 'varchar', length: 40 }) id!: string;
  @Column({ type: 'varchar', length: 40 }) workspaceId!: string;
  /** The creator: the key acts with this user's current permissions. */
  @Column({ type: 'varchar', length: 40 }) userId!: string;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  /** The first characters of the secret, shown so a person can recognise the key. */
  @Column({ type: 'varchar', length: 32 }) prefix!: string;
  /** SHA-256 of the secret; the secret itself is never stored. */
  @Column({ type: 'varchar', length: 64 }) secretHash!: string;
  @Column({ type: 'simple-json', nullable: true }) scopes!: Permission[] | null;
  @TimestampColumn() createdAt!: Date;
  @TimestampColumn() updatedAt!: Date;
  @TimestampColumn({ nullable: true }) lastUsedAt!: Date | null;
  @TimestampColumn({ nullable: true }) expiresAt!: Date | null;
  @TimestampColumn({ nullable: true }) revokedAt!: Date | null;
}
