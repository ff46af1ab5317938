import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, MaxLength } from 'class-validator';
import { MAX_TAGS_PER_TICKET } from './create-ticket.dto';

export class AddTicketTagsDto {
  @ApiProperty({
    type: [String],
    example: ['vip'],
    minItems: 1,
    maxItems: MAX_TAGS_PER_TICKET,
    description: `Added to the ticket; unknown names create the tag. 400 when the ticket would carry more than ${MAX_TAGS_PER_TICKET} tags.`,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_TAGS_PER_TICKET)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  tags!: string[];
}
