import { Badge, List, Table, TextInput } from '@mantine/core';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api';
import { LogHeader } from '../../ui/LogHeader';
import { usePaged } from '../../ui/paging';
import { ListTable, when } from '../../ui/parts';
import { changesText } from './vocabulary';

type Status = Schemas['RuleRunStatus'];
const STATUS_COLORS: Record<Schemas['RuleRunActionStatus'] | Status, string> = {
  applied: 'green',
  partially_failed: 'orange',
  failed: 'red',
  skipped: 'gray',
};

/**
 * A rule's run log (GET /rules/{id}/runs, newest first): per run its ticket, trigger, status and
 * each action's status, changes and error; filtered by status or ticket. `version` changes when
 * the page ran the rule: the log is read again.
 */
export function RunLog({ ruleId, version }: { ruleId: string; version: unknown }) {
  const [status, setStatus] = useState<Status | ''>('');
  const [ticket, setTicket] = useState('');
  const runs = usePaged(
    (cursor) =>
      call(
        api.GET('/api/v1/rules/{id}/runs', {
          params: {
            path: { id: ruleId },
            query: {
              limit: 20,
              cursor,
              status: status || undefined,
              ticket_id: ticket.trim() || undefined,
            },
          },
        }),
      ),
    [ruleId, status, ticket, version],
  );
  return (
    <section aria-labelledby="run-log">
      <LogHeader
        title="Run log"
        id="run-log"
        statuses={{ applied: 'Applied', partially_failed: 'Partially failed', failed: 'Failed' }}
        status={status}
        onStatus={setStatus}
        onRefresh={runs.reload}
      >
        <TextInput label="Ticket id" size="xs" value={ticket} onChange={(event) => setTicket(event.currentTarget.value)} />
      </LogHeader>
      <ListTable
        list={runs}
        empty="No runs: the rule has not fired on a ticket (or not in the last 90 days). Try it with the dry run above."
        head={['When', 'Ticket', 'Trigger', 'Status', 'Actions']}
        minWidth={760}
        row={(run) => (
          <Table.Tr key={run.id} data-status={run.status} data-ticket={run.ticket_id}>
            <Table.Td>{when(run.created_at)}</Table.Td>
            <Table.Td>
              <a href={`/api/v1/tickets/${run.ticket_id}`} target="_blank" rel="noreferrer">
                {run.ticket_id}
              </a>
            </Table.Td>
            <Table.Td>
              {run.trigger} (version {run.rule_version})
            </Table.Td>
            <Table.Td>
              <Badge color={STATUS_COLORS[run.status]} miw="max-content">
                {run.status}
              </Badge>
            </Table.Td>
            <Table.Td>
              <List size="sm" listStyleType="none" spacing={2}>
                {run.actions.map((action) => (
                  <List.Item key={action.index}>
                    {action.index + 1}. {action.type}{' '}
                    <Badge size="xs" color={STATUS_COLORS[action.status]}>
                      {action.status}
                    </Badge>{' '}
                    {changesText(action.changes)}
                    {action.error && ` — ${action.error}`}
                  </List.Item>
                ))}
              </List>
            </Table.Td>
          </Table.Tr>
        )}
      />
    </section>
  );
}
