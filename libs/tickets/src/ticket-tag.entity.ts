import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The link between a ticket and a tag; tags.ticket_count is maintained alongside it. */
@Entity('ticket_tags')
export class TicketTag {
  @PrimaryColumn({ type: 'varchar', length: 40 }) ticketId!: string;
  @PrimaryColumn({ type: 'varchar', length: 40 }) tagId!: string;
  @Column({ type: 'varchar', length: 40 }) workspaceId!: string;
}
