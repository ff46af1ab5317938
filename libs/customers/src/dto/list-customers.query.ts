import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { DateTimeQuery, ListQueryDto, trimmed } from '@relay/common';

export class ListCustomersQuery extends ListQueryDto {
  @ApiPropertyOptional({ description: 'Exact email, case-insensitive.', maxLength: 320 })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(320)
  email?: string;

  @ApiPropertyOptional({ maxLength: 255 })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  external_id?: string;

  @ApiPropertyOptional({ description: 'Text contained in the name or the email, case-insensitive.', maxLength: 200 })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  q?: string;

  @DateTimeQuery('Only customers created at or after this instant.')
  created_after?: string;

  @DateTimeQuery('Only customers updated at or after this instant.')
  updated_after?: string;
}
