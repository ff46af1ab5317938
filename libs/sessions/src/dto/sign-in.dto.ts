import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength } from 'class-validator';
import { IsOmittable } from '@relay/common';

export class SignInDto {
  @ApiProperty({ example: 'ada@example.com', maxLength: 320 })
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @ApiProperty({
    example: 'correct horse battery staple',
    maxLength: 256,
    description: 'Any length is accepted here; a wrong one simply does not match.',
  })
  @IsString()
  @MaxLength(256)
  password!: string;

  @ApiPropertyOptional({
    example: 'wsp_3Fk…',
    maxLength: 40,
    description:
      'Which workspace to sign in to when the email has an account in several; without it, the oldest account the password matches.',
  })
  @IsOmittable()
  @IsString()
  @MaxLength(40)
  workspace_id?: string;
}
