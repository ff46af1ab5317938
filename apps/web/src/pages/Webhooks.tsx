import { Group, Switch, Table, Title } from '@mantine/core';
import { useState } from 'react';
import { api, call, type Schemas } from '../api';
import { Link } from '../router';
import { can, useSession } from '../session';
import { usePaged } from '../ui/paging';
import { ActiveBadge, CheckboxGrid, fieldError, FormError, ListTable, PageHeader, SecretOnce } from '../ui/parts';
import { FieldInput, FormCard, SubmitRow, useSubmit } from '../ui/forms';

type EventName = Exclude<Schemas['WebhookEventFilter'], '*'>;
// Every event an endpoint can subscribe to (the type makes a missing or unknown one a compile error).
const EVENTS = {
  'ticket.created': true,
  'ticket.updated': true,
  'ticket.status_changed': true,
  'ticket.deleted': true,
  'ticket.assigned': true,
  'conversation.created': true,
  'customer.created': true,
  'customer.updated': true,
  'customer.deleted': true,
  'notification_channel.disabled': true,
  'user.signed_in': true,
  'user.password_set': true,
  'team.created': true,
  'team.updated': true,
  'team.deleted': true,
  'rule.created': true,
  'rule.updated': true,
  'rule.deleted': true,
  // Sent only to the endpoint a rule's send_webhook names, whatever the subscription.
  'automation.triggered': true,
  'automation.action_failed': true,
} satisfies Record<EventName, true>;
const EVENT_NAMES = Object.keys(EVENTS) as EventName[];

export function WebhooksPage() {
  const { user } = useSession();
  const hooks = usePaged(async (cursor) => call(api.GET('/api/v1/webhooks', { params: { query: { limit: 20, cursor } } })));
  const [created, setCreated] = useState<Schemas['WebhookWithSecretResponse'] | null>(null);

  return (
    <>
      <PageHeader title="Webhooks">Endpoints that receive the workspace's events, signed per Standard Webhooks.</PageHeader>
      {created?.secret && <SecretOnce label={`Signing secret of ${created.url}`} value={created.secret} onDone={() => setCreated(null)} />}
      {can(user.role, 'webhooks:write') && (
        <CreateWebhookForm
          onCreated={(hook) => {
            setCreated(hook);
            hooks.reload();
          }}
        />
      )}
      <Title order={2} size="h4" mt="lg" mb="sm">
        Endpoints
      </Title>
      <ListTable
        list={hooks}
        empty="No endpoints yet: add the URL of a receiver above to get events as they happen."
        head={['URL', 'Description', 'Events', 'State']}
        minWidth={640}
        row={(hook) => (
          <Table.Tr key={hook.id}>
            <Table.Td>
              <Link to={`/webhooks/${hook.id}`}>{hook.url}</Link>
            </Table.Td>
            <Table.Td>{hook.description ?? ''}</Table.Td>
            <Table.Td>{hook.events.join(', ')}</Table.Td>
            <Table.Td>
              <ActiveBadge target={hook} />
            </Table.Td>
          </Table.Tr>
        )}
      />
    </>
  );
}

function CreateWebhookForm({ onCreated }: { onCreated: (hook: Schemas['WebhookWithSecretResponse']) => void }) {
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<string[]>([]);
  const [active, setActive] = useState(true);

  const { submit, error, busy } = useSubmit(async () => {
    const body: Schemas['CreateWebhookRequest'] = { url, events: events as EventName[], active };
    if (description) body.description = description;
    const created = await call(api.POST('/api/v1/webhooks', { body }));
    onCreated(created.data);
    setUrl('');
    setDescription('');
    setEvents([]);
  });

  return (
    <FormCard id="new-webhook" title="New endpoint" onSubmit={submit}>
      <Group align="flex-start" grow>
        <FieldInput
          label="URL"
          placeholder="https://hooks.example.com/relay"
          required
          value={url}
          onValue={setUrl}
          field="url"
          errors={error}
        />
        <FieldInput label="Description" value={description} onValue={setDescription} field="description" errors={error} />
      </Group>
      <CheckboxGrid label="Events" required options={EVENT_NAMES} value={events} onChange={setEvents} error={fieldError(error, 'events')} />
      <Switch label="Enabled" checked={active} onChange={(event) => setActive(event.currentTarget.checked)} />
      <FormError error={error} fields={['url', 'description', 'events', 'active']} />
      <SubmitRow label="Create endpoint" busy={busy} />
    </FormCard>
  );
}
