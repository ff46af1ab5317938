import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsDateTime, IsOmittable, ISO_DATE_TIME_FORMS, trimmed } from '@relay/common';
import { PERMISSIONS } from '@relay/auth';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'CRM sync', maxLength: 200 })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({
    enum: PERMISSIONS,
    enumName: 'Permission',
    isArray: true,
    description:
      "Narrow the key to these permissions. Each must be held by the calling key (else 403); unknown names are 400. Omitted: the calling key's scopes (null for a full key).",
  })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(PERMISSIONS.length * 2)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  scopes?: string[];

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description: `When the key stops working; must be in the future and not later than the calling key's own expiry (else 400). Omitted: the calling key's expiry; null: never (only for a calling key that never expires). ${ISO_DATE_TIME_FORMS}`,
  })
  @IsOptional()
  @IsDateTime()
  expires_at?: string | null;
}
