import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ListQueryDto, SORT_ORDERS } from '@relay/common';
import type { SortOrder } from '@relay/common';

/** `GET /tickets/{id}/automation-runs`: a ticket's history, so oldest first unless asked otherwise. */
export class ListTicketRunsQuery extends OmitType(ListQueryDto, ['order']) {
  @ApiPropertyOptional({ enum: SORT_ORDERS, default: 'asc' })
  @IsOptional()
  @IsIn(SORT_ORDERS)
  order: SortOrder = 'asc';
}
