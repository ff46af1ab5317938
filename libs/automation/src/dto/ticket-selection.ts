import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject, IsString, MaxLength, ValidateNested } from 'class-validator';
import { IsOmittable } from '@relay/common';
import { ListTicketsQuery } from '@relay/tickets';

/** The `GET /tickets` filters; routes that walk tickets choose the order, so no sort, order or paging here. */
export class DryRunTicketFilter extends OmitType(ListTicketsQuery, ['limit', 'cursor', 'sort', 'order'] as const) {}

/** `ticket_ids` of a route that works on chosen tickets (a dry-run, a manual run): 1 to `max` ids. */
export function TicketIdsField(max: number, description: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: [String], minItems: 1, maxItems: max, description }),
    IsOmittable(),
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(max),
    IsString({ each: true }),
    MaxLength(64, { each: true }),
  );
}

/** `filter` of the same routes: the `GET /tickets` filters as an object. */
export function TicketFilterField(description: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: DryRunTicketFilter, description, example: { status: ['open'], tag: ['billing'] } }),
    IsOmittable(),
    IsObject(),
    ValidateNested(),
    Type(() => DryRunTicketFilter),
  );
}
