import { ApiProperty } from '@nestjs/swagger';

export class NoteResponse {
  @ApiProperty() id!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time' }) updated_at!: string;
}
