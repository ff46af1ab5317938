import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '@relay/common';
import type { TicketChannel, TicketPriority, TicketStatus } from './ticket.enums';

const bigintNumber = { to: (value: number) => value, from: (value: string | number) => Number(value) };

@Entity('tickets')
export class Ticket {
  @PrimaryColumn({ type: 'varchar', length: 40 }) id!: string;
  @Column({ type: 'varchar', length: 40 }) workspaceId!: string;
  /** Per-workspace sequence from ticket_counters: what agents say aloud ("ticket #1042"). */
  @Column({ type: 'bigint', transformer: bigintNumber }) number!: number;
  @Column({ type: 'varchar', length: 500 }) subject!: string;
  @Column({ type: 'varchar', length: 16 }) status!: TicketStatus;
  @Column({ type: 'varchar', length: 16 }) priority!: TicketPriority;
  @Column({ type: 'varchar', length: 16 }) channel!: TicketChannel;
  @Column({ type: 'varchar', length: 40 }) customerId!: string;
  @Column({ type: 'varchar', length: 40, nullable: true }) assigneeId!: string | null;
  @Column({ type: 'varchar', length: 40, nullable: true }) teamId!: string | null;
  @Column({ type: 'varchar', length: 255, nullable: true }) externalId!: string | null;
  @TimestampColumn() createdAt!: Date;
  @TimestampColumn() updatedAt!: Date;
  @TimestampColumn({ nullable: true }) firstResponseAt!: Date | null;
  @TimestampColumn({ nullable: true }) resolvedAt!: Date | null;
  @TimestampColumn({ nullable: true }) closedAt!: Date | null;
  /** First time ever resolved / closed; never cleared (analytics count these), not exposed. */
  @TimestampColumn({ nullable: true }) firstResolvedAt!: Date | null;
  @TimestampColumn({ nullable: true }) firstClosedAt!: Date | null;
}

/** A ticket with the names of its tags: what the API shows. */
export interface TaggedTicket {
  ticket: Ticket;
  tags: string[];
}
