import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EVENT_TYPES } from '../event-types';
import type { Changes, WebhookEventType } from '../event-types';

/** An event as `GET /events` lists it and as a webhook delivers it (the same JSON). */
export class EventResponse {
  @ApiProperty({ example: 'evt_8Kq2…' }) id!: string;
  @ApiProperty({ enum: [...EVENT_TYPES, 'ping'], enumName: 'EventType' }) type!: WebhookEventType;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty() workspace_id!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The resource as the API returns it.' }) data!: object;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'object', properties: { from: {}, to: {} } },
    description: 'On *.updated and *.status_changed: `{field: {from, to}}`.',
    example: { status: { from: 'open', to: 'resolved' } },
  })
  changes?: Changes;
}
