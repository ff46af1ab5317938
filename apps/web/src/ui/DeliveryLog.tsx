import { Badge, Button, Group, NativeSelect, Table, Title } from '@mantine/core';
import { useState } from 'react';
import type { Schemas } from '../api';
import { type PageOf, usePaged } from './paging';
import { DataTable, ListState, RowButton, when } from './parts';

type Status = Schemas['DeliveryStatus'];
type Delivery = Omit<Schemas['DeliveryResponse'], 'webhook_id'>;
const STATUS_COLORS: Record<Status, string> = { pending: 'yellow', succeeded: 'green', failed: 'red' };

/**
 * The delivery log of a webhook endpoint or a notification channel (they share the engine):
 * status, attempts, response code, last error, next attempt, and redeliver for who may write.
 * `version` changes when the owner acted (a test send): the log is read again.
 */
export function DeliveryLog<D extends Delivery>({
  fetchPage,
  redeliver,
  version,
  empty,
}: {
  fetchPage: (cursor: string | undefined, status: Status | undefined) => Promise<PageOf<D>>;
  redeliver?: (delivery: D) => void;
  version: unknown;
  empty: string;
}) {
  const [status, setStatus] = useState<Status | ''>('');
  const deliveries = usePaged((cursor) => fetchPage(cursor, status || undefined), [status, version]);
  return (
    <>
      <Group justify="space-between" align="flex-end" mb="sm">
        <Title order={2} size="h4">
          Delivery log
        </Title>
        <Group align="flex-end">
          <NativeSelect
            label="Status"
            size="xs"
            value={status}
            onChange={(event) => setStatus(event.currentTarget.value as Status | '')}
            data={[
              { value: '', label: 'All' },
              { value: 'pending', label: 'Pending' },
              { value: 'succeeded', label: 'Succeeded' },
              { value: 'failed', label: 'Failed' },
            ]}
          />
          <Button size="xs" variant="default" onClick={deliveries.reload}>
            Refresh
          </Button>
        </Group>
      </Group>
      <ListState list={deliveries} empty={empty}>
        {(items) => (
          <DataTable
            head={['Event', 'Status', 'Attempts', 'Response', 'Last error', 'Next attempt', 'Created', ...(redeliver ? ['Action'] : [])]}
            minWidth={800}
            testId="deliveries"
          >
            {items.map((delivery) => (
              <Table.Tr key={delivery.id} data-status={delivery.status}>
                <Table.Td>{delivery.event_type}</Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLORS[delivery.status]} miw="max-content">
                    {delivery.status}
                  </Badge>
                </Table.Td>
                <Table.Td>{delivery.attempts}</Table.Td>
                <Table.Td>{delivery.last_response_status ?? '—'}</Table.Td>
                <Table.Td>{delivery.last_error ?? '—'}</Table.Td>
                <Table.Td data-testid="next-attempt">{when(delivery.next_attempt_at)}</Table.Td>
                <Table.Td>{when(delivery.created_at)}</Table.Td>
                {redeliver && (
                  <Table.Td>
                    <RowButton
                      label="Redeliver"
                      subject={`${delivery.event_type} ${when(delivery.created_at)}`}
                      onClick={() => redeliver(delivery)}
                    />
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </DataTable>
        )}
      </ListState>
    </>
  );
}
