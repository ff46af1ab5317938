import { ApiProperty } from '@nestjs/swagger';
import { EVENT_TYPES } from '@relay/events';
import type { WebhookEventType } from '@relay/events';
import { DELIVERY_STATUSES } from '../webhook-delivery.entity';
import type { DeliveryStatus } from '../webhook-delivery.entity';

export class DeliveryResponse {
  @ApiProperty({ example: 'whd_7Hs…' }) id!: string;
  @ApiProperty() webhook_id!: string;
  @ApiProperty({ description: 'Also the `webhook-id` header of every attempt.' }) event_id!: string;
  @ApiProperty({ enum: [...EVENT_TYPES, 'ping'], enumName: 'EventType' }) event_type!: WebhookEventType;
  @ApiProperty({ enum: DELIVERY_STATUSES, enumName: 'DeliveryStatus' }) status!: DeliveryStatus;
  @ApiProperty({ description: 'Attempts made so far.' }) attempts!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'HTTP status of the last attempt; null if it got no response.' })
  last_response_status!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why the last attempt failed; null after a success.' }) last_error!:
    string | null;
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
