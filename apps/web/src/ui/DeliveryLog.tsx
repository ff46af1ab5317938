import { Badge, Table } from '@mantine/core';
import { useState } from 'react';
import type { Schemas } from '../api';
import { LogHeader } from './LogHeader';
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
      <LogHeader
        title="Delivery log"
        statuses={{ pending: 'Pending', succeeded: 'Succeeded', failed: 'Failed' }}
        status={status}
        onStatus={setStatus}
        onRefresh={deliveries.reload}
      />
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
