import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { normaliseTagName, TAG_NAME_MAX } from '../tag-name';

/** Body of POST /tags and PATCH /tags/{id}. */
export class TagNameDto {
  @ApiProperty({
    example: 'billing',
    maxLength: TAG_NAME_MAX,
    description: 'Trimmed, inner whitespace collapsed; unique case-insensitively; never contains `,` or `;` (400).',
  })
  @Transform(({ value }) => (typeof value === 'string' ? normaliseTagName(value) : value))
  @IsString()
  @IsNotEmpty()
  @MaxLength(TAG_NAME_MAX)
  name!: string;
}
