import { ApiProperty } from '@nestjs/swagger';

export class InviteResponse {
  @ApiProperty({
    type: String,
    nullable: true,
    example: '/app/invite/Zk3…',
    description:
      'The one-time link (relative to the server) where the user sets a password. Shown once: an idempotent replay answers null here.',
  })
  url!: string | null;
  @ApiProperty({ format: 'date-time' }) expires_at!: string;
}
