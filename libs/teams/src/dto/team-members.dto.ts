import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsString, MaxLength } from 'class-validator';
import { MAX_TEAM_MEMBERS } from './create-team.dto';

/** Body of POST (adds) and PUT (replaces) /teams/{id}/members. */
export class TeamMemberIdsDto {
  @ApiProperty({ type: [String], maxItems: MAX_TEAM_MEMBERS, example: ['usr_7Hq2…'], description: 'Agents or admins of the workspace.' })
  @IsArray()
  @ArrayMaxSize(MAX_TEAM_MEMBERS)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  user_ids!: string[];
}

export class UpdateTeamMemberDto {
  @ApiProperty({ description: 'false: automatic assignment passes the member by.' })
  @IsBoolean()
  assignable!: boolean;
}
