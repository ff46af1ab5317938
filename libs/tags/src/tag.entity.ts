import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '@relay/common';

/** A label on tickets. Tickets link to it by id (ticket_tags), so a rename shows everywhere. */
@Entity('tags')
export class Tag {
  @PrimaryColumn({ type: 'varchar', length: 40 }) id!: string;
  @Column({ type: 'varchar', length: 40 }) workspaceId!: string;
  @Column({ type: 'varchar', length: 100 }) name!: string;
  /** Lower-cased name: unique per workspace, so names are unique case-insensitively. */
  @Column({ type: 'varchar', length: 100 }) nameKey!: string;
  /** Maintained by whoever links or unlinks tickets (TagsService.adjustCounts). */
  @Column({ type: 'integer', default: 0 }) ticketCount!: number;
  @TimestampColumn() createdAt!: Date;
  @TimestampColumn() updatedAt!: Date;
}
