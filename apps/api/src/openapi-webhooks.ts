import type { OpenAPIObject } from '@nestjs/swagger';
import { getSchemaPath } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { ConversationResponse } from '@relay/conversations';
import { CustomerResponse } from '@relay/customers';
import { EVENT_TYPES, EventActor, EventType } from '@relay/events';
import { TicketResponse } from '@relay/tickets';
import { UserResponse } from '@relay/users';

const RESOURCES: Record<string, string> = {
  ticket: getSchemaPath(TicketResponse),
  conversation: getSchemaPath(ConversationResponse),
  customer: getSchemaPath(CustomerResponse),
  user: getSchemaPath(UserResponse),
};

/** `ticket.status_changed` → `TicketStatusChangedEvent` */
const schemaName = (type: string) =>
  `${type
    .split(/[._]/)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('')}Event`;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

function envelope(type: string, data: SchemaObject | { $ref: string }, withChanges: boolean): SchemaObject {
  return {
    type: 'object',
    description: `The \`${type}\` event, as \`GET /events\` lists it and as a webhook delivers it.`,
    required: ['id', 'type', 'created_at', 'workspace_id', 'actor', 'data'],
    properties: {
      id: { type: 'string', example: 'evt_8Kq2…', description: 'Also the `webhook-id` header of its deliveries.' },
      type: { type: 'string', enum: [type] },
      created_at: { type: 'string', format: 'date-time' },
      workspace_id: { type: 'string' },
      actor: { $ref: getSchemaPath(EventActor) },
      data: data,
      ...(withChanges ? { changes: ref('EventChanges') } : {}),
      context: ref('EventContext'),
    },
  };
}

/**
 * A schema per event type, so generated clients know that `ticket.created` carries a ticket:
 * `DomainEvent` (what `GET /events` lists) and `WebhookEvent` (what a webhook receives, the
 * domain events and the `ping` of a test send) are `oneOf` them, discriminated by `type`.
 */
export function documentWebhookEvents(document: OpenAPIObject): OpenAPIObject {
  const schemas = (document.components!.schemas ??= {});
  schemas.EventChanges = {
    type: 'object',
    description: 'On *.updated and *.status_changed: each changed field with its value before and after.',
    additionalProperties: { type: 'object', required: ['from', 'to'], properties: { from: {}, to: {} } },
    example: { status: { from: 'open', to: 'resolved' } },
  };
  schemas.EventContext = {
    type: 'object',
    additionalProperties: true,
    description: 'How the event came about, on the event types that document it; absent (never null) when there is none.',
  };
  const mapping: Record<string, string> = {};
  for (const type of EVENT_TYPES as readonly EventType[]) {
    const withChanges = type.endsWith('.updated') || type.endsWith('.status_changed');
    schemas[schemaName(type)] = envelope(type, { $ref: RESOURCES[type.split('.')[0]] }, withChanges);
    mapping[type] = `#/components/schemas/${schemaName(type)}`;
  }
  schemas.PingEvent = envelope(
    'ping',
    {
      type: 'object',
      required: ['webhook_id', 'message'],
      properties: { webhook_id: { type: 'string' }, message: { type: 'string', example: 'Relay test event' } },
    },
    false,
  );
  schemas.DomainEvent = {
    oneOf: Object.values(mapping).map(($ref) => ({ $ref })),
    discriminator: { propertyName: 'type', mapping: { ...mapping } },
  };
  schemas.WebhookEvent = {
    description:
      'The JSON body POSTed to a webhook endpoint, signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature` headers).',
    oneOf: [...Object.values(mapping), '#/components/schemas/PingEvent'].map(($ref) => ({ $ref })),
    discriminator: { propertyName: 'type', mapping: { ...mapping, ping: '#/components/schemas/PingEvent' } },
  };
  const create = document.paths['/api/v1/webhooks']?.post;
  if (create) {
    // OpenAPI 3.0 describes webhooks as callbacks of the operation that subscribes the URL.
    create.callbacks = {
      event: {
        '{$request.body#/url}': {
          post: {
            summary: 'An event delivered to your endpoint',
            security: [],
            description:
              'Verify `webhook-signature` (one or more space-separated `v1,<base64>`; any match is valid) over `{webhook-id}.{webhook-timestamp}.{body}` with your secret, and answer 2xx within 10 s.',
            requestBody: { required: true, content: { 'application/json': { schema: ref('WebhookEvent') } } },
            responses: {
              '200': { description: 'Received; any 2xx counts.' },
              '400': { description: 'Any non-2xx is retried with backoff.' },
            },
          },
        },
      },
    };
  }
  retarget(document.paths, getSchemaPath('EventResponse'), '#/components/schemas/DomainEvent');
  if (!JSON.stringify(document.paths).includes(getSchemaPath('EventResponse'))) delete schemas.EventResponse;
  return document;
}

function retarget(node: unknown, from: string, to: string): void {
  if (!node || typeof node !== 'object') return;
  const object = node as Record<string, unknown>;
  if (object.$ref === from) object.$ref = to;
  Object.values(object).forEach((child) => retarget(child, from, to));
}
