import { ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { CreateTicketDto } from './create-ticket.dto';

/**
 * Every field optional; only `assignee_id` may be `null` (unassign). `tags` replaces the set.
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
    description: 'A user of the workspace (else 404); null unassigns.',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  assignee_id?: string | null;
}
