import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '@relay/common';
import type { Role } from '@relay/auth';

@Entity('users')
export class User {
  @PrimaryColumn({ type: 'varchar', length: 40 }) id!: string;
  @Column({ type: 'varchar', length: 40 }) workspaceId!: string;
  /** Stored lower-cased: unique per workspace, case-insensitively. */
  @Column({ type: 'varchar', length: 320 }) email!: string;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ type: 'varchar', length: 16 }) role!: Role;
  @Column({ type: 'boolean', default: true }) active!: boolean;
  /** scrypt hash with its salt and parameters (`@relay/sessions`), or null: no password yet. Never returned. */
  @Column({ type: 'varchar', length: 255, nullable: true }) passwordHash!: string | null;
  /** Sessions signed in before this instant are over (password change, deactivation). */
  @TimestampColumn({ nullable: true }) sessionsNotBefore!: Date | null;
  @TimestampColumn() createdAt!: Date;
  @TimestampColumn() updatedAt!: Date;
}
