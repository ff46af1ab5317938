import { Badge, Button, Group, NativeSelect, Paper, SegmentedControl, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api';
import { splitList, useSubmit } from '../../ui/forms';
import { DataTable, FormError, fieldError } from '../../ui/parts';
import { shown } from './vocabulary';

type Result = Schemas['DryRunTicketResult'];

/**
 * Tries the saved rule on tickets, writing nothing (POST /rules/{id}/dry-run): per ticket, every
 * condition with what it saw and whether it held, and what each action would change.
 */
export function DryRunPanel({ rule }: { rule: Schemas['RuleResponse'] }) {
  const [by, setBy] = useState<'ids' | 'filter'>('ids');
  const [ids, setIds] = useState('');
  const [status, setStatus] = useState('');
  const [priority, setPriority] = useState('');
  const [tag, setTag] = useState('');
  const [event, setEvent] = useState<string>(rule.events[0]);
  const [results, setResults] = useState<Result[] | null>(null);
  const [summary, setSummary] = useState({ evaluated: 0, matched: 0 });
  const [cursor, setCursor] = useState<string | null>(null);

  const run = async (from?: string) => {
    const body: Schemas['DryRunRequest'] = { event: event as Schemas['RuleEvent'] };
    if (by === 'ids') body.ticket_ids = splitList(ids);
    else {
      body.filter = {
        ...(status && { status: [status as Schemas['TicketStatus']] }),
        ...(priority && { priority: [priority as Schemas['TicketPriority']] }),
        ...(tag && { tag: splitList(tag) }),
      };
      body.limit = 20;
      if (from) body.cursor = from;
    }
    const answer = await call(api.POST('/api/v1/rules/{id}/dry-run', { params: { path: { id: rule.id } }, body }));
    const before = from ? (results ?? []) : [];
    setResults([...before, ...answer.data.results]);
    setSummary({
      evaluated: (from ? summary.evaluated : 0) + answer.data.evaluated,
      matched: (from ? summary.matched : 0) + answer.data.matched,
    });
    setCursor(answer.meta.next_cursor);
  };
  const first = useSubmit(() => run());
  const more = useSubmit(() => run(cursor ?? undefined));

  return (
    <Paper withBorder p="md" mb="md" component="section" aria-labelledby="dry-run">
      <form onSubmit={first.submit} noValidate>
        <Stack>
          <Title order={2} size="h4" id="dry-run">
            Dry run
          </Title>
          <Text size="sm" c="dimmed">
            Try the saved rule on tickets: nothing is changed, no event is sent.
          </Text>
          <SegmentedControl
            aria-label="Tickets to try"
            value={by}
            onChange={(value) => setBy(value as 'ids' | 'filter')}
            data={[
              { value: 'ids', label: 'By ticket id' },
              { value: 'filter', label: 'By filter' },
            ]}
            w="max-content"
          />
          <Group align="flex-start" grow>
            {by === 'ids' ? (
              <TextInput
                label="Ticket ids"
                description="comma-separated, up to 100"
                value={ids}
                onChange={(change) => setIds(change.currentTarget.value)}
                error={fieldError(first.error, 'ticket_ids') ?? idError(first.error)}
              />
            ) : (
              <>
                <NativeSelect
                  label="Status"
                  value={status}
                  onChange={(change) => setStatus(change.currentTarget.value)}
                  data={['', 'open', 'pending', 'resolved', 'closed']}
                />
                <NativeSelect
                  label="Priority"
                  value={priority}
                  onChange={(change) => setPriority(change.currentTarget.value)}
                  data={['', 'low', 'normal', 'high', 'urgent']}
                />
                <TextInput label="Tags" description="all of these" value={tag} onChange={(change) => setTag(change.currentTarget.value)} />
              </>
            )}
            <NativeSelect
              label="As if on event"
              value={event}
              onChange={(change) => setEvent(change.currentTarget.value)}
              data={rule.events}
              error={fieldError(first.error, 'event')}
            />
          </Group>
          <FormError error={first.error ?? more.error} fields={['ticket_ids', 'event']} title="Not run" />
          <Group>
            <Button type="submit" loading={first.busy}>
              Run dry run
            </Button>
          </Group>
        </Stack>
      </form>
      {results && (
        <Stack mt="md" gap="md" data-testid="dry-run-results">
          <Text size="sm" role="status">
            {summary.evaluated} ticket(s) tried, {summary.matched} matched.
          </Text>
          {results.length === 0 && <Text c="dimmed">No ticket to try: pick other tickets or another filter.</Text>}
          {results.map((result) => (
            <TicketResult key={result.ticket_id} result={result} />
          ))}
          {cursor && (
            <Group>
              <Button size="xs" variant="default" loading={more.busy} onClick={(click) => void more.submit(click)}>
                Try more tickets
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </Paper>
  );
}

/** `ticket_ids[3]`: the id the API could not find, said at the input. */
function idError(error: unknown): string | undefined {
  const detail = (error as { details?: { field?: string; message: string }[] } | null)?.details?.find((one) =>
    one.field?.startsWith('ticket_ids['),
  );
  return detail && `${detail.field}: ${detail.message}`;
}

function TicketResult({ result }: { result: Result }) {
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
              <Table.Td>
                {Object.entries(action.changes)
                  .map(([name, change]) => `${name}: ${shown(change.from)} → ${shown(change.to)}`)
                  .join('; ') || '—'}
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
    </Paper>
  );
}
