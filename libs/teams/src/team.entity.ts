import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '@relay/common';

export const ASSIGNMENT_METHODS = ['none', 'round_robin', 'least_loaded'] as const;
export type AssignmentMethod = (typeof ASSIGNMENT_METHODS)[number];

/** A group of agents tickets are routed to (contract §10). Deleted teams stay, hidden from lists. */
@Entity('teams')
export class Team {
  @PrimaryColumn({ type: 'varchar', length: 40 }) id!: string;
  @Column({ type: 'varchar', length: 40 }) workspaceId!: string;
  @Column({ type: 'varchar', length: 100 }) name!: string;
  /** Lower-cased name: unique per workspace among live teams. */
  @Column({ type: 'varchar', length: 100 }) nameKey!: string;
  @Column({ type: 'varchar', length: 1000, nullable: true }) description!: string | null;
  @Column({ type: 'varchar', length: 16 }) assignmentMethod!: AssignmentMethod;
  @Column({ type: 'integer', nullable: true }) maxOpenPerAgent!: number | null;
  /** Kept by every membership change, in its transaction. */
  @Column({ type: 'integer', default: 0 }) memberCount!: number;
  @TimestampColumn() createdAt!: Date;
  @TimestampColumn() updatedAt!: Date;
  @TimestampColumn({ nullable: true }) deletedAt!: Date | null;
}

@Entity('team_members')
export class TeamMember {
  @PrimaryColumn({ type: 'varchar', length: 40 }) teamId!: string;
  @PrimaryColumn({ type: 'varchar', length: 40 }) userId!: string;
  @Column({ type: 'varchar', length: 40 }) workspaceId!: string;
  /** false: stays a member, but automatic assignment passes them by. */
  @Column({ type: 'boolean', default: true }) assignable!: boolean;
  /** Last automatic assignment in this team: round robin's turn order. */
  @TimestampColumn({ nullable: true }) lastAssignedAt!: Date | null;
  @TimestampColumn() addedAt!: Date;
}

/**
 * One row per team, locked (`FOR UPDATE` on PostgreSQL; SQLite serialises writers) by every
 * transaction that assigns in the team, so concurrent creates take turns one after the other.
 */
@Entity('team_assignment_states')
export class TeamAssignmentState {
  @PrimaryColumn({ type: 'varchar', length: 40 }) teamId!: string;
  @Column({ type: 'varchar', length: 40 }) workspaceId!: string;
  @Column({ type: 'bigint', default: 0, transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) } })
  assignedCount!: number;
  @TimestampColumn({ nullable: true }) lastAssignedAt!: Date | null;
}
