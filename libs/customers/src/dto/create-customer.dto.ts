import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { trimmed } from '@relay/common';

/** A customer needs an email or an external_id (or both) to be found again. */
export class CustomerFieldsDto {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'grace@example.com',
    maxLength: 320,
    description: 'Unique per workspace, case-insensitively.',
  })
  @IsOptional()
  @Transform(trimmed)
  @IsEmail()
  @MaxLength(320)
  email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Grace Hopper', maxLength: 200 })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '+44 20 7946 0000', maxLength: 64 })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  phone?: string | null;
}

export class CreateCustomerDto extends CustomerFieldsDto {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'crm-10042',
    maxLength: 255,
    description: "Your CRM's id for this customer; unique per workspace.",
  })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  external_id?: string | null;
}
