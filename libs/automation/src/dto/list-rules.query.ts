import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ListQueryDto, SORT_FIELDS, SORT_ORDERS } from '@relay/common';
import type { SortOrder } from '@relay/common';

export const RULE_SORTS = ['position', ...SORT_FIELDS] as const;
export type RuleSort = (typeof RULE_SORTS)[number];

/** Rules list in the order they run unless asked otherwise (`sort=position&order=asc`). */
export class ListRulesQuery extends OmitType(ListQueryDto, ['sort', 'order']) {
  @ApiPropertyOptional({ enum: RULE_SORTS, default: 'position' })
  @IsOptional()
  @IsIn(RULE_SORTS)
  sort: RuleSort = 'position';

  @ApiPropertyOptional({ enum: SORT_ORDERS, default: 'asc' })
  @IsOptional()
  @IsIn(SORT_ORDERS)
  order: SortOrder = 'asc';
}
