import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString } from 'class-validator';

export class RuleOrderDto {
  @ApiProperty({
    type: [String],
    description: 'Every rule id of the workspace exactly once, in their new order.',
    example: ['rul_…'],
  })
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  ids!: string[];
}
