import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '@relay/common';
import type { Action, Conditions } from './engine';
import type { RuleEvent } from './engine';

/** An automation rule (contract §11): when its event happens and its conditions hold, its actions apply. */
@Entity('rules')
export class Rule {
  @PrimaryColumn({ type: 'varchar', length: 40 }) id!: string;
  @Column({ type: 'varchar', length: 40 }) workspaceId!: string;
  @Column({ type: 'varchar', length: 100 }) name!: string;
  @Column({ type: 'varchar', length: 100 }) nameKey!: string;
  @Column({ type: 'varchar', length: 1000, nullable: true }) description!: string | null;
  @Column({ type: 'boolean' }) enabled!: boolean;
  @Column({ type: 'integer' }) position!: number;
  @Column({ type: 'simple-json' }) events!: RuleEvent[];
  @Column({ type: 'simple-json' }) conditions!: Conditions;
  @Column({ type: 'simple-json' }) actions!: Action[];
  @Column({ type: 'boolean' }) stopProcessing!: boolean;
  @Column({ type: 'integer' }) version!: number;
  @Column({ type: 'varchar', length: 40, nullable: true }) createdBy!: string | null;
  @TimestampColumn() createdAt!: Date;
  @TimestampColumn() updatedAt!: Date;
  @TimestampColumn({ nullable: true }) lastFiredAt!: Date | null;
  @Column({ type: 'integer' }) fireCount!: number;
  @Column({ type: 'varchar', length: 500, nullable: true }) lastError!: string | null;
}
