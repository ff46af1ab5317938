import { Group, MultiSelect, Switch, TagsInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import { PLACEHOLDERS as TEMPLATE_PLACEHOLDERS } from '../../../../../libs/notifications/src/message/template';
import { api, call, type Schemas } from '../../api';
import { useChoices } from '../../ui/choices';
import { FieldInput, FormCard, SubmitRow, useSubmit } from '../../ui/forms';
import { CheckboxGrid, fieldError, FormError } from '../../ui/parts';

type Channel = Schemas['NotificationChannelResponse'];
type Filter = Schemas['ChannelFilterRequest'];
type EventName = Schemas['NotificationEventType'];
const EVENTS: EventName[] = ['ticket.created', 'ticket.updated', 'ticket.status_changed', 'ticket.assigned', 'conversation.created'];
const PRIORITIES: Schemas['TicketPriority'][] = ['low', 'normal', 'high', 'urgent'];
const STATUSES: Schemas['TicketStatus'][] = ['open', 'pending', 'resolved', 'closed'];
const TICKET_CHANNELS: Schemas['TicketChannel'][] = ['api', 'email', 'web', 'chat', 'phone'];
const CONVERSATION_TYPES = ['reply', 'note'] as const;
// The server's own list (logic-less, nothing else is accepted), shown as the user types them.
const PLACEHOLDERS = TEMPLATE_PLACEHOLDERS.map((name) => `{{${name}}}`);

/** The filter's lists a set of checkboxes picks from (every one: AND; none checked: any). */
const CHECKED_FILTERS = [
  { name: 'priorities', label: 'Only these priorities', options: PRIORITIES },
  { name: 'statuses', label: 'Only these statuses', options: STATUSES },
  { name: 'channels', label: 'Only tickets that came in by', options: TICKET_CHANNELS },
  {
    name: 'conversation_types',
    label: 'Conversation entries sent',
    options: CONVERSATION_TYPES,
    description: 'Internal notes only when note is checked',
  },
] as const;
type CheckedName = (typeof CHECKED_FILTERS)[number]['name'];

const FIELDS = [
  'name',
  'url',
  'events',
  'template',
  'template.text',
  'link_template',
  'active',
  'filter',
  'filter.team_ids',
  'filter.tags_any',
];

/**
 * A channel's name, URL (write-only: on an edit, empty keeps the one saved), events, filter,
 * message template and title link, and whether it receives: creates (no `channel`) or saves one.
 */
export function ChannelForm({ channel, onSaved }: { channel?: Channel; onSaved: (channel: Channel) => void }) {
  const [name, setName] = useState(channel?.name ?? '');
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>(channel?.events ?? []);
  const [filter, setFilter] = useState<Filter>(channel?.filter ?? {});
  const [template, setTemplate] = useState(channel?.template?.text ?? '');
  const [link, setLink] = useState(channel?.link_template ?? '');
  const [active, setActive] = useState(channel?.active ?? true);
  const [saved, setSaved] = useState(false);
  const teams = useChoices(['teams']).teams;

  const setList = (list: keyof Filter, values: string[]) => setFilter((now) => ({ ...now, [list]: values }));
  const { submit, error, busy } = useSubmit(async () => {
    setSaved(false);
    // Empty lists say "any": left out of the filter.
    const sentFilter = Object.fromEntries(Object.entries(filter).filter(([, values]) => Array.isArray(values) && values.length > 0));
    const body = {
      name,
      events: events as EventName[],
      filter: sentFilter as Filter,
      template: template ? { text: template } : null,
      link_template: link || null,
      active,
      ...(url && { url }),
    };
    const answer = channel
      ? await call(api.PATCH('/api/v1/notification-channels/{id}', { params: { path: { id: channel.id } }, body }))
      : await call(api.POST('/api/v1/notification-channels', { body: { ...body, type: 'slack', url } }));
    setUrl('');
    if (!channel) {
      setName('');
      setEvents([]);
      setFilter({});
      setTemplate('');
      setLink('');
    }
    setSaved(true);
    onSaved(answer.data);
  });

  const checkedError = (list: CheckedName) => fieldError(error, `filter.${list}`);
  return (
    <FormCard id="channel-form" title={channel ? 'Edit channel' : 'New channel'} onSubmit={submit}>
      <Group align="flex-start" grow>
        <FieldInput label="Name" placeholder="#support-escalations" required value={name} onValue={setName} field="name" errors={error} />
        <FieldInput
          label={channel ? 'New incoming-webhook URL' : 'Incoming-webhook URL'}
          description={
            channel
              ? `Saved: ${channel.url_hint}. Empty keeps it; the URL is never shown again.`
              : 'Kept secret: never shown again, only its last characters'
          }
          placeholder="https://hooks.slack.com/services/…"
          required={!channel}
          value={url}
          onValue={setUrl}
          field="url"
          errors={error}
        />
      </Group>
      <CheckboxGrid label="Events" required options={EVENTS} value={events} onChange={setEvents} error={fieldError(error, 'events')} />
      <MultiSelect
        label="Only these teams"
        description="None: any team, and tickets without one"
        data={[
          ...(teams ?? []),
          ...(filter.team_ids ?? []).filter((id) => !teams?.some((team) => team.value === id)).map((id) => ({ value: id, label: id })),
        ]}
        value={filter.team_ids ?? []}
        onChange={(values) => setList('team_ids', values)}
        error={fieldError(error, 'filter.team_ids')}
        searchable
      />
      {CHECKED_FILTERS.map((list) => (
        <CheckboxGrid
          key={list.name}
          label={list.label}
          description={'description' in list ? list.description : 'None checked: any'}
          options={list.options}
          value={filter[list.name] ?? []}
          onChange={(values) => setList(list.name, values)}
          error={checkedError(list.name)}
        />
      ))}
      <TagsInput
        label="Only tickets with one of these tags"
        description="Enter or comma after each; none: any"
        value={filter.tags_any ?? []}
        onChange={(values) => setList('tags_any', values)}
        error={fieldError(error, 'filter.tags_any')}
      />
      <Textarea
        label="Message template"
        description={`Empty: Relay's default message. Placeholders: ${PLACEHOLDERS.join(' ')}`}
        placeholder=":ticket: #{{ticket.number}} {{ticket.subject}} is {{ticket.status}} — {{link}}"
        autosize
        minRows={2}
        value={template}
        onChange={(event) => setTemplate(event.currentTarget.value)}
        error={fieldError(error, 'template.text') ?? fieldError(error, 'template')}
      />
      <FieldInput
        label="Title link"
        description="https URL; {id} and {number} become the ticket's"
        placeholder="https://helpdesk.example.com/tickets/{number}"
        value={link}
        onValue={setLink}
        field="link_template"
        errors={error}
      />
      <Switch label="Enabled" checked={active} onChange={(event) => setActive(event.currentTarget.checked)} />
      <FormError error={error} fields={[...FIELDS, ...CHECKED_FILTERS.map((list) => `filter.${list.name}`)]} />
      <SubmitRow label={channel ? 'Save channel' : 'Create channel'} busy={busy} saved={saved && Boolean(channel)} />
    </FormCard>
  );
}
