import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { ListQueryDto } from '@relay/common';

export class ListTagsQuery extends ListQueryDto {
  @ApiPropertyOptional({ description: 'Exact name, case-insensitive.', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  name?: string;
}
