import { ApiProperty } from '@nestjs/swagger';

export class SessionResponse {
  @ApiProperty({ example: 'ses_2Lk…' }) id!: string;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time', description: 'Updated at most once a minute.' }) last_seen_at!: string;
  @ApiProperty({
    format: 'date-time',
    description: 'When the session ends unless used before: the idle limit or the absolute limit, whichever comes first.',
  })
  expires_at!: string;
  @ApiProperty({ type: String, nullable: true, example: '203.0.113.7', description: 'The client IP at sign-in.' }) ip!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Mozilla/5.0 …' }) user_agent!: string | null;
}

/** The caller's own session: what the browser needs to act with it. */
export class CurrentSessionResponse extends SessionResponse {
  @ApiProperty({ example: 'usr_7Hq2…' }) user_id!: string;
  @ApiProperty({ example: 'wsp_3Fk…' }) workspace_id!: string;
  @ApiProperty({
    example: 'hT3k…',
    description: 'Send it as `X-CSRF-Token` on every POST, PUT, PATCH and DELETE made with the session cookie, else 403.',
  })
  csrf_token!: string;
}
