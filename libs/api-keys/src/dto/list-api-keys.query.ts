import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { ListQueryDto } from '@relay/common';

export class ListApiKeysQuery extends ListQueryDto {
  @ApiPropertyOptional({ description: "Only this user's keys. A key of a non-admin only ever sees its own user's keys." })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  user_id?: string;
}
