import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ACTOR_TYPES } from '../actor';
import type { Actor, ActorType } from '../actor';
import { EVENT_TYPES } from '../event-types';
import type { Changes, EventContext, WebhookEventType } from '../event-types';

/** Who caused the event (contract §9). */
export class EventActor implements Actor {
  @ApiProperty({
    enum: ACTOR_TYPES,
    enumName: 'ActorType',
    description:
      '`user`: a request (by API key or browser session); `automation`: a rule action; `system`: Relay itself (worker, timers, CLI). ' +
      'Events recorded before actors existed show `system`. More types may be added: tolerate unknown ones.',
  })
  type!: ActorType;

  @ApiProperty({ type: String, nullable: true, description: 'The user, for `user`; otherwise null.', example: 'usr_8Kq2…' })
  id!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The API key of a `user` request; null for a browser session and other actors.',
  })
  api_key_id!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The rule, for `automation`; otherwise null.' })
  rule_id!: string | null;
}

/** An event as `GET /events` lists it and as a webhook delivers it (the same JSON). */
export class EventResponse {
  @ApiProperty({
    example: 'evt_8Kq2…',
    description: 'Sorts after the ids of events appended before it at the same `created_at` (append order).',
  })
  id!: string;
  @ApiProperty({ enum: [...EVENT_TYPES, 'ping'], enumName: 'EventType' }) type!: WebhookEventType;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty() workspace_id!: string;
  @ApiProperty({ type: EventActor }) actor!: EventActor;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The resource as the API returns it (`automation.triggered`: the ticket as the rule left it; `automation.action_failed`: `{rule_id, rule_name, run_id, ticket_id, action_index, action_type, code}`).',
  })
  data!: object;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'object', properties: { from: {}, to: {} } },
    description: 'On *.updated and *.status_changed: `{field: {from, to}}`.',
    example: { status: { from: 'open', to: 'resolved' } },
  })
  changes?: Changes;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'How the event came about, on the event types that document it; absent (never null) when there is none. ' +
      "`ticket.assigned`: `{method, team_id, rule_id}`. `automation.triggered` (a rule's `send_webhook`, or its `notify_channel` with `text`): `{rule_id, rule_name, rule_version, run_id, trigger_event_id}`.",
    example: { rule_id: 'rul_…', rule_name: 'VIP customers', rule_version: 3, run_id: 'run_…', trigger_event_id: 'evt_…' },
  })
  context?: EventContext;
}
