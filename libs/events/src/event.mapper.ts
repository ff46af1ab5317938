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
    actor: { type: event.actorType, id: event.actorId, api_key_id: event.actorApiKeyId, rule_id: event.actorRuleId },
    data: event.data,
  };
  if (event.changes) payload.changes = event.changes;
  if (event.context) payload.context = event.context;
  return payload;
}
