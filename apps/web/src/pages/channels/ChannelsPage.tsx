import { Group, Switch, Table, Title } from '@mantine/core';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api';
import { Link } from '../../router';
import { can, useSession } from '../../session';
import { FieldInput, FormCard, splitList, SubmitRow, useSubmit } from '../../ui/forms';
import { usePaged } from '../../ui/paging';
import { ActiveBadge, CheckboxGrid, fieldError, FormError, ListTable, PageHeader } from '../../ui/parts';

type EventName = Schemas['NotificationEventType'];
const EVENTS: EventName[] = ['ticket.created', 'ticket.updated', 'ticket.status_changed', 'ticket.assigned', 'conversation.created'];
const PRIORITIES: Schemas['TicketPriority'][] = ['low', 'normal', 'high', 'urgent'];
const STATUSES: Schemas['TicketStatus'][] = ['open', 'pending', 'resolved', 'closed'];

/** Slack (or compatible) channels that get a message when tickets change (contract §12). */
export function ChannelsPage() {
  const { user } = useSession();
  const channels = usePaged(async (cursor) => call(api.GET('/api/v1/notification-channels', { params: { query: { limit: 20, cursor } } })));
  return (
    <>
      <PageHeader title="Notification channels">Slack incoming webhooks told about tickets as they change.</PageHeader>
      {can(user.role, 'notification_channels:write') && <CreateChannelForm onCreated={channels.reload} />}
      <Title order={2} size="h4" mt="lg" mb="sm">
        Channels
      </Title>
      <ListTable
        list={channels}
        empty="No channels yet: paste a Slack incoming-webhook URL above to post ticket news to a channel."
        head={['Name', 'URL', 'Events', 'State']}
        minWidth={640}
        row={(channel) => (
          <Table.Tr key={channel.id}>
            <Table.Td>
              <Link to={`/notification-channels/${channel.id}`}>{channel.name}</Link>
            </Table.Td>
            <Table.Td>
              <code>{channel.url_hint}</code>
            </Table.Td>
            <Table.Td>{channel.events.join(', ')}</Table.Td>
            <Table.Td>
              <ActiveBadge target={channel} />
            </Table.Td>
          </Table.Tr>
        )}
      />
    </>
  );
}

function CreateChannelForm({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>([]);
  const [priorities, setPriorities] = useState<string[]>([]);
  const [statuses, setStatuses] = useState<string[]>([]);
  const [tags, setTags] = useState('');
  const [active, setActive] = useState(true);

  const { submit, error, busy } = useSubmit(async () => {
    const filter: Schemas['ChannelFilterRequest'] = {};
    if (priorities.length) filter.priorities = priorities as Schemas['TicketPriority'][];
    if (statuses.length) filter.statuses = statuses as Schemas['TicketStatus'][];
    const tagList = splitList(tags);
    if (tagList.length) filter.tags_any = tagList;
    await call(
      api.POST('/api/v1/notification-channels', { body: { name, type: 'slack', url, events: events as EventName[], filter, active } }),
    );
    setName('');
    setUrl('');
    setEvents([]);
    onCreated();
  });

  return (
    <FormCard id="new-channel" title="New channel" onSubmit={submit}>
      <Group align="flex-start" grow>
        <FieldInput label="Name" placeholder="#support-escalations" required value={name} onValue={setName} field="name" errors={error} />
        <FieldInput
          label="Incoming-webhook URL"
          description="Kept secret: never shown again, only its last characters"
          placeholder="https://hooks.slack.com/services/…"
          required
          value={url}
          onValue={setUrl}
          field="url"
          errors={error}
        />
      </Group>
      <CheckboxGrid label="Events" required options={EVENTS} value={events} onChange={setEvents} error={fieldError(error, 'events')} />
      <CheckboxGrid
        label="Only these priorities"
        description="None checked: any"
        options={PRIORITIES}
        value={priorities}
        onChange={setPriorities}
        error={fieldError(error, 'filter.priorities')}
      />
      <CheckboxGrid
        label="Only these statuses"
        description="None checked: any"
        options={STATUSES}
        value={statuses}
        onChange={setStatuses}
        error={fieldError(error, 'filter.statuses')}
      />
      <FieldInput
        label="Only tickets with one of these tags"
        description="comma-separated; empty: any"
        value={tags}
        onValue={setTags}
        field="filter.tags_any"
        errors={error}
      />
      <Switch label="Enabled" checked={active} onChange={(event) => setActive(event.currentTarget.checked)} />
      <FormError error={error} fields={['name', 'url', 'events', 'filter.priorities', 'filter.statuses', 'filter.tags_any']} />
      <SubmitRow label="Create channel" busy={busy} />
    </FormCard>
  );
}
