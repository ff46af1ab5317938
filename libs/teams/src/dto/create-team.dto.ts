import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsOmittable, trimmed } from '@relay/common';
import { ASSIGNMENT_METHODS } from '../team.entity';
import type { AssignmentMethod } from '../team.entity';

export const TEAM_NAME_MAX = 100;
export const MAX_TEAM_MEMBERS = 500;

export class CreateTeamDto {
  @ApiProperty({ example: 'Billing', maxLength: TEAM_NAME_MAX, description: 'Trimmed; unique case-insensitively among live teams (409).' })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEAM_NAME_MAX)
  name!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string | null;

  @ApiPropertyOptional({ enum: ASSIGNMENT_METHODS, enumName: 'AssignmentMethod', default: 'none', example: 'round_robin' })
  @IsOmittable()
  @IsIn(ASSIGNMENT_METHODS)
  assignment_method?: AssignmentMethod;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, maximum: 1000, description: 'null: no cap.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  max_open_per_agent?: number | null;

  @ApiPropertyOptional({ type: [String], maxItems: MAX_TEAM_MEMBERS, description: 'Users (agents or admins) to add as members.' })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(MAX_TEAM_MEMBERS)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  member_ids?: string[];
}
