import { ApiProperty } from '@nestjs/swagger';

export class TagResponse {
  @ApiProperty({ example: 'tag_9Ws…' }) id!: string;
  @ApiProperty({ example: 'billing', description: 'Trimmed; unique per workspace, case-insensitively.' }) name!: string;
  @ApiProperty({ example: 12, description: 'Tickets currently carrying the tag.' }) ticket_count!: number;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time' }) updated_at!: string;
}
