import { ApiProperty } from '@nestjs/swagger';
import { ROLES } from '@relay/auth';
import type { Role } from '@relay/auth';

export class UserResponse {
  @ApiProperty({ example: 'usr_7Hq2…' }) id!: string;
  @ApiProperty({ example: 'ada@example.com' }) email!: string;
  @ApiProperty({ example: 'Ada Lovelace' }) name!: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role!: Role;
  @ApiProperty({ description: 'Deactivated users keep their history; their keys answer 401.' }) active!: boolean;
  @ApiProperty({ type: [String], example: ['team_4Fq…'], description: 'The live teams the user is a member of.' }) team_ids!: string[];
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time' }) updated_at!: string;
}
