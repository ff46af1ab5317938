import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '@relay/common';

@Entity('workspaces')
export class Workspace {
  @PrimaryColumn({ type: 'varchar', length: 40 }) id!: string;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  /** A staging workspace: the same API, its own keys and data. */
  @Column({ type: 'boolean', default: false }) sandbox!: boolean;
  @TimestampColumn() createdAt!: Date;
  @TimestampColumn() updatedAt!: Date;
}
