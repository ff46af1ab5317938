import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '@relay/common';
import type { TicketStatus } from '../ticket.enums';

/**
 * The link between a ticket and a tag; tags.ticket_count is maintained alongside it. `status`
 * and `createdAt` copy the ticket's (kept in step by TicketCounts), so a tag listing is one
 * index range in page order.
 */
@Entity('ticket_tags')
export class TicketTag {
  @PrimaryColumn({ type: 'varchar', length: 40 }) ticketId!: string;
  @PrimaryColumn({ type: 'varchar', length: 40 }) tagId!: string;
  @Column({ type: 'varchar', length: 40 }) workspaceId!: string;
  @Column({ type: 'varchar', length: 16 }) status!: TicketStatus;
  @TimestampColumn() createdAt!: Date;
}
