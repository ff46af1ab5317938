import { iso } from '@relay/common';
import { EventRecord } from './event.entity';
import { EventResponse } from './dto/event.response';

/** The public shape of an event: the `GET /events` item and, byte for byte, the webhook body. */
export function toEventPayload(event: EventRecord): EventResponse {
  const payload: EventResponse = {
    id: event.id,
    type: event.type,
    created_at: iso(event.createdAt),
    workspace_id: event.workspaceId,
    data: event.data,
  };
  if (event.changes) payload.changes = event.changes;
  return payload;
}
