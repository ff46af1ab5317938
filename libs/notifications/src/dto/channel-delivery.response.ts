import { ApiProperty } from '@nestjs/swagger';
import { EVENT_TYPES } from '@relay/events';
import type { WebhookEventType } from '@relay/events';
import { DELIVERY_STATUSES } from '@relay/webhooks';
import type { DeliveryStatus } from '@relay/webhooks';

/** One event's message to one channel, with the state of its attempts. */
export class ChannelDeliveryResponse {
  @ApiProperty({ example: 'whd_7Hs…' }) id!: string;
  @ApiProperty() channel_id!: string;
  @ApiProperty({ description: 'The event the message is about (a test send: a `ping` event).' }) event_id!: string;
  @ApiProperty({ enum: [...EVENT_TYPES, 'ping'], enumName: 'EventType' }) event_type!: WebhookEventType;
  @ApiProperty({ enum: DELIVERY_STATUSES, enumName: 'DeliveryStatus' }) status!: DeliveryStatus;
  @ApiProperty({ description: 'Attempts made so far. Waiting out a Slack 429 (Retry-After) does not count.' }) attempts!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'HTTP status of the last attempt; null if it got no response.' })
  last_response_status!: number | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "Why the last attempt failed, with Slack's answer (e.g. `invalid_payload`); null after a success.",
  })
  last_error!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the next attempt is due; null once succeeded or failed.',
  })
  next_attempt_at!: string | null;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time' }) updated_at!: string;
}
