import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '@relay/common';
import type { TicketPriority, TicketStatus } from '../ticket.enums';

/**
 * The link between a ticket and a tag; tags.ticket_count is maintained alongside it. `status`,
 * `priority`, `createdAt` and `updatedAt` copy the ticket's (status kept in step by
 * TicketCounts, priority and updatedAt by a trigger, migration TicketListingShapes), so a tag
 * listing reads index ranges in page order.
 */
@Entity('ticket_tags')
export class TicketTag {
  @PrimaryColumn({ type: 'varchar', length: 40 }) ticketId!: string;
  @PrimaryColumn({ type: 'varchar', length: 40 }) tagId!: string;
  @Column({ type: 'varchar', length: 40 }) workspaceId!: string;
  @Column({ type: 'varchar', length: 16 }) status!: TicketStatus;
  @TimestampColumn() createdAt!: Date;
  @Column({ type: 'varchar', length: 16 }) priority!: TicketPriority;
  @TimestampColumn() updatedAt!: Date;
}
