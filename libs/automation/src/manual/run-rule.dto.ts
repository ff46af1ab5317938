import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { IsOmittable } from '@relay/common';
import { DryRunTicketFilter, TicketFilterField, TicketIdsField } from '../dto/ticket-selection';

export const RUN_TICKET_IDS = 1000;

/** `POST /rules/{id}/run`: the tickets to apply the rule to. */
export class RunRuleDto {
  @TicketIdsField(
    RUN_TICKET_IDS,
    "The tickets. Exactly one of `ticket_ids` and `filter`; another workspace's id is `404` on `ticket_ids[i]`.",
  )
  ticket_ids?: string[];

  @TicketFilterField(
    'The `GET /tickets` filters, as an object. Tickets are taken oldest first, a batch at a time, among those created before the job; the filter is applied as each batch is read, so a ticket changed meanwhile so that it no longer matches is left out (`total` is the count when the job was made).',
  )
  filter?: DryRunTicketFilter;

  @ApiPropertyOptional({
    default: false,
    description: 'Run a rule whose events are not `manual`, or a disabled rule; without it such a rule is `409`.',
  })
  @IsOmittable()
  @IsBoolean()
  force?: boolean;
}
