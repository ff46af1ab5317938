import { ApiProperty } from '@nestjs/swagger';

export class WorkspaceResponse {
  @ApiProperty({ example: 'ws_9aB…' }) id!: string;
  @ApiProperty({ example: 'Default' }) name!: string;
  @ApiProperty({ description: 'A staging workspace with its own keys and data.' }) sandbox!: boolean;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time' }) updated_at!: string;
}
