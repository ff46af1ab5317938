import { Badge, Button, Group, NativeSelect, Paper, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { api, call, isFailure, type Schemas } from '../../api';
import { Link } from '../../router';
import { useChoices } from '../../ui/choices';
import { splitList, useSubmit } from '../../ui/forms';
import { DataTable, FormError, fieldError } from '../../ui/parts';
import { Either, PRIORITIES, STATUSES, useTicketPicker } from './TicketPicker';
import { changesText, shown } from './vocabulary';

type Result = Schemas['DryRunTicketResult'];
type Options = Omit<Schemas['DryRunRequest'], 'cursor'>;
/** What `changes` can name on ticket.updated; the lists are typed as tags. */
const CHANGEABLE = ['status', 'priority', 'assignee_id', 'tags'] as const;

/**
 * Tries a rule on tickets, writing nothing: the saved rule (POST /rules/{id}/dry-run) or the form's
 * unsaved draft (POST /rules/dry-run; its `rule.…` errors go to the form through `onDraftError`).
 * Per ticket, every condition with what it saw and whether it held, what each action would
 * change, and in `pass` mode every rule of the pass.
 */
export function DryRunPanel({
  rule,
  draft,
  onDraftError,
}: {
  rule?: Schemas['RuleResponse'];
  draft: Schemas['CreateRuleRequest'] | null;
  onDraftError: (error: unknown) => void;
}) {
  const events = (draft?.events.length ? draft.events : rule?.events) ?? [];
  const tickets = useTicketPicker();
  const [chosenEvent, setEvent] = useState<string>(events[0] ?? '');
  const event = events.includes(chosenEvent as Schemas['RuleEvent']) ? chosenEvent : (events[0] ?? '');
  const [mode, setMode] = useState<'rule' | 'pass'>('rule');
  const [change, setChange] = useState<{ field: string; from: string; to: string }>({ field: '', from: '', to: '' });
  const [entry, setEntry] = useState({ body: '', type: 'reply', author_type: 'customer' });
  const [results, setResults] = useState<Result[] | null>(null);
  const [summary, setSummary] = useState({ evaluated: 0, matched: 0 });
  const [cursor, setCursor] = useState<string | null>(null);
  const [ofDraft, setOfDraft] = useState(false);
  const rules = useChoices(['rules']).rules;

  const options = (): Options => {
    const body: Options = { event: event as Schemas['RuleEvent'], mode, ...tickets.picked(), ...(tickets.byFilter && { limit: 20 }) };
    if (event === 'ticket.updated' && change.field) {
      const value = (text: string) => (change.field === 'tags' ? splitList(text) : text || null);
      body.changes = { [change.field]: { from: value(change.from), to: value(change.to) } };
    }
    if (event === 'conversation.created' && entry.body) body.conversation = { ...entry } as Schemas['DryRunConversationRequest'];
    return body;
  };

  const run = async (draftRun: boolean, from?: string) => {
    const body = { ...options(), ...(from && { cursor: from }) };
    let answer;
    try {
      answer =
        draftRun && draft
          ? await call(api.POST('/api/v1/rules/dry-run', { body: { ...body, rule: draft } }))
          : await call(api.POST('/api/v1/rules/{id}/dry-run', { params: { path: { id: rule!.id } }, body }));
      if (draftRun) onDraftError(null);
    } catch (failure) {
      if (draftRun) onDraftError(isFailure(failure) ? failure.under('rule.') : null);
      throw failure;
    }
    setOfDraft(draftRun);
    const before = from ? (results ?? []) : [];
    setResults([...before, ...answer.data.results]);
    setSummary({
      evaluated: (from ? summary.evaluated : 0) + answer.data.evaluated,
      matched: (from ? summary.matched : 0) + answer.data.matched,
    });
    setCursor(answer.meta.next_cursor);
  };
  // The error shown is the last call's, whichever button made it.
  const [last, setLast] = useState<'saved' | 'draft' | 'more'>('saved');
  const calls = {
    saved: useSubmit(() => run(false)),
    draft: useSubmit(() => run(true)),
    more: useSubmit(() => run(ofDraft, cursor ?? undefined)),
  };
  const press = (which: typeof last) => (click: FormEvent) => {
    setLast(which);
    return calls[which].submit(click);
  };
  const error = calls[last].error;
  const ownFields = ['ticket_ids', 'event', 'mode', 'changes', 'conversation.body', 'conversation.type', 'conversation.author_type'];
  // A draft's own mistakes are shown at the form's fields.
  const draftFields = isFailure(error)
    ? error.details.map((detail) => detail.field ?? '').filter((field) => field.startsWith('rule.'))
    : [];

  return (
    <Paper withBorder p="md" mb="md" component="section" aria-labelledby="dry-run">
      <form onSubmit={press(rule ? 'saved' : 'draft')} noValidate>
        <Stack>
          <Title order={2} size="h4" id="dry-run">
            Dry run
          </Title>
          <Text size="sm" c="dimmed">
            Try the rule on tickets: nothing is changed, no event is sent. “Try this draft” tries the form below as it is now, unsaved.
          </Text>
          <Group>
            {tickets.switcher}
            <Either label="Rules to run" value={mode} onChange={setMode} options={{ rule: 'This rule alone', pass: 'The whole pass' }} />
          </Group>
          <Group align="flex-start" grow>
            {tickets.inputs(error)}
            <NativeSelect
              label="As if on event"
              value={event}
              onChange={(change) => setEvent(change.currentTarget.value)}
              data={events}
              error={fieldError(error, 'event')}
            />
          </Group>
          {event === 'ticket.updated' && (
            <Group align="flex-start" grow>
              <NativeSelect
                label="As if this changed"
                description="the update's change; none: an update that changed nothing the rule reads"
                value={change.field}
                onChange={(pick) => setChange({ field: pick.currentTarget.value, from: '', to: '' })}
                data={['', ...CHANGEABLE]}
                error={fieldError(error, 'changes')}
              />
              {change.field && (
                <>
                  <ChangeValue label="From" field={change.field} value={change.from} onValue={(from) => setChange({ ...change, from })} />
                  <ChangeValue label="To" field={change.field} value={change.to} onValue={(to) => setChange({ ...change, to })} />
                </>
              )}
            </Group>
          )}
          {event === 'conversation.created' && (
            <Group align="flex-start" grow>
              <Textarea
                label="As if this entry were added"
                description="empty: the ticket's description"
                autosize
                value={entry.body}
                onChange={(text) => setEntry({ ...entry, body: text.currentTarget.value })}
                error={fieldError(error, 'conversation.body')}
              />
              <NativeSelect
                label="Entry type"
                value={entry.type}
                onChange={(pick) => setEntry({ ...entry, type: pick.currentTarget.value })}
                data={['reply', 'note']}
              />
              <NativeSelect
                label="Written by"
                value={entry.author_type}
                onChange={(pick) => setEntry({ ...entry, author_type: pick.currentTarget.value })}
                data={['customer', 'user', 'automation']}
              />
            </Group>
          )}
          <FormError error={error} fields={[...ownFields, ...draftFields]} title="Not run" />
          <Group>
            {rule && (
              <Button type="submit" loading={calls.saved.busy}>
                Run dry run
              </Button>
            )}
            {draft && (
              <Button
                type={rule ? 'button' : 'submit'}
                variant={rule ? 'default' : 'filled'}
                loading={calls.draft.busy}
                onClick={rule ? (click) => void press('draft')(click) : undefined}
              >
                Try this draft
              </Button>
            )}
          </Group>
        </Stack>
      </form>
      {results && (
        <Stack mt="md" gap="md" data-testid="dry-run-results">
          <Text size="sm" role="status">
            {ofDraft ? 'The draft: ' : ''}
            {summary.evaluated} ticket(s) tried, {summary.matched} matched.
          </Text>
          {results.length === 0 && <Text c="dimmed">No ticket to try: pick other tickets or another filter.</Text>}
          {results.map((result) => (
            <TicketResult key={result.ticket_id} result={result} ruleName={(id) => rules?.find((one) => one.value === id)?.label} />
          ))}
          {cursor && (
            <Group>
              <Button size="xs" variant="default" loading={calls.more.busy} onClick={(click) => void press('more')(click)}>
                Try more tickets
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </Paper>
  );
}

/** One side of a hypothetical change: a select of the field's values, else text (tags: comma-separated). */
function ChangeValue({ label, field, value, onValue }: { label: string; field: string; value: string; onValue: (value: string) => void }) {
  const values = field === 'status' ? STATUSES : field === 'priority' ? PRIORITIES : null;
  if (values)
    return <NativeSelect label={label} value={value} onChange={(pick) => onValue(pick.currentTarget.value)} data={['', ...values]} />;
  return (
    <TextInput
      label={label}
      description={field === 'tags' ? 'comma-separated' : 'a user id; empty: nobody'}
      value={value}
      onChange={(text) => onValue(text.currentTarget.value)}
    />
  );
}

function TicketResult({ result, ruleName }: { result: Result; ruleName: (id: string) => string | undefined }) {
  return (
    <Paper withBorder p="sm" component="article" aria-label={`Ticket #${result.number}`} data-ticket={result.ticket_id}>
      <Group mb="xs">
        <Text fw={600}>Ticket #{result.number}</Text>
        {result.matched ? <Badge color="green">Matched</Badge> : <Badge color="gray">Not matched</Badge>}
      </Group>
      {result.conditions.length === 0 ? (
        <Text size="sm">No condition: the rule matches every ticket of its events.</Text>
      ) : (
        <DataTable head={['Condition', 'Field', 'Operator', 'Value', 'Actual', 'Result']} minWidth={640}>
          {result.conditions.map((condition) => (
            <Table.Tr key={`${condition.group}-${condition.index}`} data-result={condition.result ? 'held' : 'failed'}>
              <Table.Td>
                {condition.group} {condition.index + 1}
              </Table.Td>
              <Table.Td>{condition.field}</Table.Td>
              <Table.Td>{condition.operator}</Table.Td>
              <Table.Td>{shown(condition.value)}</Table.Td>
              <Table.Td>{shown(condition.actual)}</Table.Td>
              <Table.Td>{condition.result ? <Badge color="green">held</Badge> : <Badge color="red">failed</Badge>}</Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
      {result.actions.length > 0 && (
        <DataTable head={['Action', 'Would', 'Changes']} minWidth={480}>
          {result.actions.map((action) => (
            <Table.Tr key={action.index}>
              <Table.Td>
                {action.index + 1}. {action.type}
              </Table.Td>
              <Table.Td>{action.status === 'would_apply' ? 'apply' : `be skipped (${action.reason ?? 'no reason given'})`}</Table.Td>
              <Table.Td>{changesText(action.changes) || '—'}</Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
      {result.pass && (
        <DataTable head={['Position', 'Rule', 'Matched', 'Fired', 'Stopped the pass']} minWidth={480} testId="dry-run-pass">
          {result.pass.map((entry) => (
            <Table.Tr key={entry.rule_id} data-fired={entry.fired}>
              <Table.Td>{entry.position}</Table.Td>
              <Table.Td>
                <Link to={`/rules/${entry.rule_id}`}>{ruleName(entry.rule_id) ?? entry.rule_id}</Link>
              </Table.Td>
              <Table.Td>{yesNo(entry.matched)}</Table.Td>
              <Table.Td>{yesNo(entry.fired)}</Table.Td>
              <Table.Td>{entry.stopped ? 'yes' : '—'}</Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
    </Paper>
  );
}

const yesNo = (value: boolean) => (value ? 'yes' : 'no');
