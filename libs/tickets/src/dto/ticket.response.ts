import { ApiProperty } from '@nestjs/swagger';
import { TICKET_CHANNELS, TICKET_PRIORITIES, TICKET_STATUSES } from '../ticket.enums';
import type { TicketChannel, TicketPriority, TicketStatus } from '../ticket.enums';

export class TicketResponse {
  @ApiProperty({ example: 'tkt_7Hq2…' }) id!: string;
  @ApiProperty({ example: 1042, description: 'Unique and ascending within the workspace.' }) number!: number;
  @ApiProperty({ example: 'Refund not received' }) subject!: string;
  @ApiProperty({ enum: TICKET_STATUSES, enumName: 'TicketStatus' }) status!: TicketStatus;
  @ApiProperty({ enum: TICKET_PRIORITIES, enumName: 'TicketPriority' }) priority!: TicketPriority;
  @ApiProperty({ type: [String], example: ['billing', 'vip'], description: 'Tag names, sorted case-insensitively.' }) tags!: string[];
  @ApiProperty({ example: 'cus_…' }) customer_id!: string;
  @ApiProperty({ type: String, nullable: true, example: 'usr_…' }) assignee_id!: string | null;
  @ApiProperty({ enum: TICKET_CHANNELS, enumName: 'TicketChannel' }) channel!: TicketChannel;
  @ApiProperty({ type: String, nullable: true, description: "The ticket's id in the integrator's system; unique per workspace." })
  external_id!: string | null;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time' }) updated_at!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'The first reply by a user (agent).' })
  first_response_at!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Set on becoming resolved; cleared when reopened.' })
  resolved_at!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Set on becoming closed; cleared when it leaves closed.' })
  closed_at!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'team_…', description: 'The team the ticket is routed to.' }) team_id!:
    string | null;
}

/** The ticket fields in contract §5 order, then §10's team_id: the CSV export's columns. */
export const TICKET_FIELDS = [
  'id',
  'number',
  'subject',
  'status',
  'priority',
  'tags',
  'customer_id',
  'assignee_id',
  'channel',
  'external_id',
  'created_at',
  'updated_at',
  'first_response_at',
  'resolved_at',
  'closed_at',
  'team_id',
] as const satisfies readonly (keyof TicketResponse)[];
