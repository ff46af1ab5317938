import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '@relay/common';

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * Background work over many records, done in batches by whichever process claims it
 * (contract §11 manual runs). `cursor` is where the last committed batch ended: it is written
 * in the same transaction as that batch's effects, so a crash resumes exactly after it.
 */
@Entity('jobs')
export class Job {
  @PrimaryColumn({ type: 'varchar', length: 40 }) id!: string;
  @Column({ type: 'varchar', length: 40 }) workspaceId!: string;
  /** Which JobHandler does the work. */
  @Column({ type: 'varchar', length: 40 }) kind!: string;
  @Column({ type: 'varchar', length: 16 }) status!: JobStatus;
  /** What the handler needs, as it stored it when the job was made. */
  @Column({ type: 'simple-json' }) params!: Record<string, unknown>;
  @Column({ type: 'integer' }) total!: number;
  @Column({ type: 'integer' }) processed!: number;
  @Column({ type: 'integer' }) failed!: number;
  @Column({ type: 'varchar', length: 1024, nullable: true }) cursor!: string | null;
  /** A claim: nobody else works on the job until then; a crashed worker's claim lapses. */
  @TimestampColumn({ nullable: true }) lockedUntil!: Date | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) error!: string | null;
  @TimestampColumn() createdAt!: Date;
  @TimestampColumn() updatedAt!: Date;
  @TimestampColumn({ nullable: true }) finishedAt!: Date | null;
}
