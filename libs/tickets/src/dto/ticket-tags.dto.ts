import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, MaxLength } from 'class-validator';
import { MAX_TAGS_PER_REQUEST } from './create-ticket.dto';

export class AddTicketTagsDto {
  @ApiProperty({ type: [String], example: ['vip'], minItems: 1, maxItems: MAX_TAGS_PER_REQUEST, description: 'Added to the ticket; unknown names create the tag.' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_TAGS_PER_REQUEST) @IsString({ each: true }) @MaxLength(200, { each: true })
  tags!: string[];
}
