import { ApiProperty } from '@nestjs/swagger';
import { PERMISSIONS } from '@relay/auth';
import type { Permission } from '@relay/auth';

export class ApiKeyResponse {
  @ApiProperty({ example: 'key_4fJ…' }) id!: string;
  @ApiProperty({ example: 'CRM sync' }) name!: string;
  @ApiProperty({ example: 'rly_8xT2aQ9m', description: 'The first characters of the secret, to recognise the key.' }) prefix!: string;
  @ApiProperty({
    enum: PERMISSIONS,
    enumName: 'Permission',
    isArray: true,
    nullable: true,
    description:
      "The key's scopes; null means all of its creator's permissions. Effective permissions are always scopes ∩ the creator's current role.",
  })
  scopes!: Permission[] | null;
  @ApiProperty({ description: 'Id of the user who created the key; the key acts with their current permissions.' }) created_by!: string;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time', type: String, nullable: true }) last_used_at!: string | null;
  @ApiProperty({ format: 'date-time', type: String, nullable: true }) expires_at!: string | null;
  @ApiProperty({ format: 'date-time', type: String, nullable: true }) revoked_at!: string | null;
}

export class CreatedApiKeyResponse extends ApiKeyResponse {
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'rly_8xT2aQ9m…',
    description: 'The secret. Shown once, now; only its hash is stored, so an idempotent replay of this request answers null here.',
  })
  key!: string | null;
}
