import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { ListQueryDto, trimmed } from '@relay/common';

export class ListTeamsQuery extends ListQueryDto {
  @ApiPropertyOptional({ maxLength: 100, description: 'Teams whose name contains this text, case-insensitive.' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ type: Boolean, default: false, description: 'Also list deleted teams.' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  include_deleted?: boolean;
}
