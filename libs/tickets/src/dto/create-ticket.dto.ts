import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsOmittable, IsThreadBody, THREAD_BODY_MAX, trimmed } from '@relay/common';
import { TICKET_CHANNELS, TICKET_PRIORITIES, TICKET_STATUSES } from '../ticket.enums';
import type { TicketChannel, TicketPriority, TicketStatus } from '../ticket.enums';

/** A ticket carries at most this many tags (every page repeats them), so no request sends more. */
export const MAX_TAGS_PER_TICKET = 50;

export class CreateTicketDto {
  @ApiProperty({ example: 'Refund not received', maxLength: 500 })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  subject!: string;

  @ApiPropertyOptional({
    example: 'ada@example.com',
    maxLength: 320,
    description: 'Finds the customer by email (case-insensitive) or creates it. Give exactly one of customer_email and customer_id.',
  })
  @IsOmittable()
  @Transform(trimmed)
  @IsEmail()
  @MaxLength(320)
  customer_email?: string;

  @ApiPropertyOptional({ example: 'cus_…', description: 'An existing customer of the workspace (else 404).' })
  @IsOmittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  customer_id?: string;

  @ApiPropertyOptional({
    maxLength: THREAD_BODY_MAX,
    description: "Becomes the ticket's first conversation entry: a reply authored by the customer.",
  })
  @IsOmittable()
  @IsThreadBody()
  description?: string;

  @ApiPropertyOptional({ enum: TICKET_PRIORITIES, enumName: 'TicketPriority', default: 'normal' })
  @IsOmittable()
  @IsIn(TICKET_PRIORITIES)
  priority?: TicketPriority;

  @ApiPropertyOptional({ enum: TICKET_STATUSES, enumName: 'TicketStatus', default: 'open' })
  @IsOmittable()
  @IsIn(TICKET_STATUSES)
  status?: TicketStatus;

  @ApiPropertyOptional({
    type: [String],
    maxItems: MAX_TAGS_PER_TICKET,
    description: `Tag names; unknown names create the tag. A name never contains \`,\` or \`;\`; a ticket carries at most ${MAX_TAGS_PER_TICKET} tags.`,
  })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(MAX_TAGS_PER_TICKET)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  tags?: string[];

  @ApiPropertyOptional({
    example: 'usr_…',
    description:
      'An active agent or admin of the workspace (unknown: 404; anyone else: 400); a member of `team_id` when both are given (400).',
  })
  @IsOmittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  assignee_id?: string;

  @ApiPropertyOptional({
    example: 'team_…',
    description:
      'A team of the workspace (unknown: 404; deleted: 400). Without an assignee, a team whose method is not `none` assigns the ticket at once.',
  })
  @IsOmittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  team_id?: string;

  @ApiPropertyOptional({ enum: TICKET_CHANNELS, enumName: 'TicketChannel', default: 'api' })
  @IsOmittable()
  @IsIn(TICKET_CHANNELS)
  channel?: TicketChannel;

  @ApiPropertyOptional({ maxLength: 255, description: "The ticket's id in your system; unique per workspace (409 on a duplicate)." })
  @IsOmittable()
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  external_id?: string;
}
