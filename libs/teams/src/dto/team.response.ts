import { ApiProperty } from '@nestjs/swagger';
import { ASSIGNMENT_METHODS } from '../team.entity';
import type { AssignmentMethod } from '../team.entity';

export const ENUM_MAY_GROW = 'Clients must tolerate values added later.';

export class TeamResponse {
  @ApiProperty({ example: 'team_4Fq…' }) id!: string;
  @ApiProperty({ example: 'Billing', description: 'Trimmed; unique per workspace among live teams, case-insensitively.' }) name!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Refunds and invoices' }) description!: string | null;
  @ApiProperty({
    enum: ASSIGNMENT_METHODS,
    enumName: 'AssignmentMethod',
    description: `How new tickets of the team get an assignee. ${ENUM_MAY_GROW}`,
  })
  assignment_method!: AssignmentMethod;
  @ApiProperty({
    type: Number,
    nullable: true,
    minimum: 1,
    maximum: 1000,
    description: 'Automatic assignment skips a member with this many open|pending tickets in the workspace; null: no cap.',
  })
  max_open_per_agent!: number | null;
  @ApiProperty({ example: 3 }) member_count!: number;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time' }) updated_at!: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Set when deleted: the team is hidden from lists and no longer assignable.',
  })
  deleted_at!: string | null;
}

export class TeamMemberResponse {
  @ApiProperty({ example: 'usr_7Hq2…' }) user_id!: string;
  @ApiProperty({ example: 'Ada Lovelace' }) name!: string;
  @ApiProperty({ example: 'ada@example.com' }) email!: string;
  @ApiProperty({ enum: ['agent', 'admin'], description: 'The user’s current role.' }) role!: string;
  @ApiProperty() active!: boolean;
  @ApiProperty({ description: 'false: a member automatic assignment passes by.' }) assignable!: boolean;
  @ApiProperty({ example: 4, description: 'open|pending tickets assigned to the user in the workspace.' }) open_assigned!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Last automatic assignment in this team.' })
  last_assigned_at!: string | null;
  @ApiProperty({ format: 'date-time' }) added_at!: string;
}
