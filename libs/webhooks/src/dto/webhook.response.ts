import { ApiProperty } from '@nestjs/swagger';
import { SUBSCRIBABLE } from './create-webhook.dto';

export class WebhookResponse {
  @ApiProperty({ example: 'whk_3Jd…' }) id!: string;
  @ApiProperty({ example: 'https://example.com/hooks/relay' }) url!: string;
  @ApiProperty({ enum: SUBSCRIBABLE, enumName: 'WebhookEventFilter', isArray: true }) events!: string[];
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty() active!: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why Relay disabled the endpoint (e.g. 5 days of failed deliveries); null otherwise.',
  })
  disabled_reason!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      'After a rotate-secret: until when the previous secret still signs each delivery beside the new one (a second `v1,` signature); null otherwise.',
  })
  previous_secret_expires_at!: string | null;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time' }) updated_at!: string;
}

export class WebhookWithSecretResponse extends WebhookResponse {
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description:
      'The Standard Webhooks signing secret. Shown once, at creation and rotation; an idempotent replay of the request answers null here (secrets never enter the idempotency store).',
  })
  secret!: string | null;
}
