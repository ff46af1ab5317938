import { ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { CreateTicketDto } from './create-ticket.dto';

/**
 * Every field optional; only `assignee_id` and `team_id` may be `null` (clear). `tags` replaces the set.
 * skipNullProperties: false makes an explicit null fail validation instead of reaching the
 * database as "clear this NOT NULL column".
 */
export class UpdateTicketDto extends PartialType(PickType(CreateTicketDto, ['subject', 'status', 'priority', 'tags'] as const), {
  skipNullProperties: false,
}) {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'usr_…',
    description:
      'An active agent or admin of the workspace (unknown: 404; anyone else: 400), a member of the ticket’s team if it has one (400); null unassigns.',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  assignee_id?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'team_…',
    description:
      'A team of the workspace (unknown: 404; deleted: 400); null removes the team. A current assignee who is not a member of the new team is unassigned in the same change.',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  team_id?: string | null;
}
