import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '@relay/common';
import type { Actor } from '@relay/events';

/** Why a run ended as it did: every action applied, some failed, or all failed (contract §11). */
export type RuleRunStatus = 'applied' | 'partially_failed' | 'failed';

/** One action of a run as the log reports it. */
export interface RuleRunAction {
  index: number;
  type: string;
  status: 'applied' | 'skipped' | 'failed';
  changes: Record<string, { from: unknown; to: unknown }>;
  error: string | null;
}

/** One firing of a rule on a ticket: the run log (contract §11), kept AUTOMATION_RUN_RETENTION_DAYS. */
@Entity('rule_runs')
export class RuleRun {
  @PrimaryColumn({ type: 'varchar', length: 40 }) id!: string;
  @Column({ type: 'varchar', length: 40 }) workspaceId!: string;
  @Column({ type: 'varchar', length: 40 }) ruleId!: string;
  @Column({ type: 'integer' }) ruleVersion!: number;
  @Column({ type: 'varchar', length: 40 }) ticketId!: string;
  @Column({ type: 'varchar', length: 32 }) trigger!: string;
  @Column({ type: 'varchar', length: 40, nullable: true }) triggerEventId!: string | null;
  @Column({ type: 'simple-json' }) actor!: Actor;
  @Column({ type: 'varchar', length: 24 }) status!: RuleRunStatus;
  @Column({ type: 'simple-json' }) actions!: RuleRunAction[];
  @TimestampColumn() createdAt!: Date;
}
