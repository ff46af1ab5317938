import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsOmittable } from '@relay/common';

/** Body of POST /tickets/{id}/assign. */
export class AssignTicketDto {
  @ApiPropertyOptional({
    example: 'team_…',
    description: "The team whose turn to take (default: the ticket's team); it becomes the ticket's team.",
  })
  @IsOmittable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  team_id?: string;
}
