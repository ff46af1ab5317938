import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsIntegerParam } from '../validation/field-decorators';

export const SORT_FIELDS = ['created_at', 'updated_at'] as const;
export type SortField = (typeof SORT_FIELDS)[number];
export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/** Query parameters every list accepts (contract §2). Resource list queries extend it. */
export class ListQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50, type: 'integer', description: 'Decimal digits only.' })
  // IsIntegerParam last: its rule is checked (and reported) first.
  @IsOptional()
  @Min(1)
  @Max(100)
  @IsIntegerParam()
  limit: number = 50;

  @ApiPropertyOptional({ description: 'next_cursor from the previous page, with the same filters.' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;

  @ApiPropertyOptional({ enum: SORT_FIELDS, default: 'created_at' })
  @IsOptional()
  @IsIn(SORT_FIELDS)
  sort: SortField = 'created_at';

  @ApiPropertyOptional({ enum: SORT_ORDERS, default: 'desc' })
  @IsOptional()
  @IsIn(SORT_ORDERS)
  order: SortOrder = 'desc';
}
