import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '@relay/common';

/** A person who asks for help. Email and external_id are each unique per workspace. */
@Entity('customers')
export class Customer {
  @PrimaryColumn({ type: 'varchar', length: 40 }) id!: string;
  @Column({ type: 'varchar', length: 40 }) workspaceId!: string;
  /** As given, for display. */
  @Column({ type: 'varchar', length: 320, nullable: true }) email!: string | null;
  /** Lower-cased email: what uniqueness and lookups use, so they are case-insensitive. */
  @Column({ type: 'varchar', length: 320, nullable: true }) emailKey!: string | null;
  @Column({ type: 'varchar', length: 200, nullable: true }) name!: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) phone!: string | null;
  /** The id of this customer in the integrator's CRM. */
  @Column({ type: 'varchar', length: 255, nullable: true }) externalId!: string | null;
  @TimestampColumn() createdAt!: Date;
  @TimestampColumn() updatedAt!: Date;
}

export function emailKey(email: string | null | undefined): string | null {
  return email == null ? null : email.trim().toLowerCase();
}
