import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsObject, IsString, MaxLength, ValidateNested } from 'class-validator';
import { IsOmittable } from '@relay/common';
import { DryRunTicketFilter } from '../dto/dry-run.dto';

export const RUN_TICKET_IDS = 1000;

/** `POST /rules/{id}/run`: the tickets to apply the rule to. */
export class RunRuleDto {
  @ApiPropertyOptional({
    type: [String],
    minItems: 1,
    maxItems: RUN_TICKET_IDS,
    description: "The tickets. Exactly one of `ticket_ids` and `filter`; another workspace's id is `404` on `ticket_ids[i]`.",
  })
  @IsOmittable()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(RUN_TICKET_IDS)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  ticket_ids?: string[];

  @ApiPropertyOptional({
    type: DryRunTicketFilter,
    description:
      'The `GET /tickets` filters, as an object. Tickets are taken oldest first, a batch at a time, among those created before the job; the filter is applied as each batch is read, so a ticket changed meanwhile so that it no longer matches is left out (`total` is the count when the job was made).',
    example: { status: ['open'], tag: ['billing'] },
  })
  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => DryRunTicketFilter)
  filter?: DryRunTicketFilter;

  @ApiPropertyOptional({
    default: false,
    description: 'Run a rule whose events are not `manual`, or a disabled rule; without it such a rule is `409`.',
  })
  @IsOmittable()
  @IsBoolean()
  force?: boolean;
}
