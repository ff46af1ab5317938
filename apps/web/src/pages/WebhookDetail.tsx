import { Alert, Badge, Button, Group, Loader, NativeSelect, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { api, call, type Schemas } from '../api';
import { Link } from '../router';
import { can, useSession } from '../session';
import { usePaged } from '../ui/paging';
import { describe, FormError, ListState, PageHeader, SecretOnce, when } from '../ui/parts';
import { FormCard, useSubmit, FieldInput } from '../ui/forms';
import { ActiveBadge } from './Webhooks';

type Status = Schemas['DeliveryStatus'];
const STATUS_COLORS: Record<Status, string> = { pending: 'yellow', succeeded: 'green', failed: 'red' };

/** One endpoint: its state and actions, and the delivery log (why it stopped receiving). */
export function WebhookDetailPage({ id }: { id: string }) {
  const { user } = useSession();
  const writable = can(user.role, 'webhooks:write');
  const [hook, setHook] = useState<Schemas['WebhookResponse'] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [status, setStatus] = useState<Status | ''>('');

  const load = useCallback(async () => {
    try {
      setHook((await call(api.GET('/api/v1/webhooks/{id}', { params: { path: { id } } }))).data);
    } catch (failure) {
      setLoadError(failure);
    }
  }, [id]);
  useEffect(() => void load(), [load]);

  const deliveries = usePaged(
    async (cursor) =>
      call(
        api.GET('/api/v1/webhooks/{id}/deliveries', {
          params: { path: { id }, query: { limit: 20, cursor, ...(status ? { status } : {}) } },
        }),
      ),
    [id, status],
  );

  const act = async (what: () => Promise<string | void>) => {
    setNotice(null);
    try {
      const message = await what();
      setActionError(null);
      if (message) setNotice(message);
      await load();
      deliveries.reload();
    } catch (failure) {
      setActionError(failure);
    }
  };
  const path = { params: { path: { id } } };
  const toggle = () =>
    act(async () => {
      await call(api.PATCH('/api/v1/webhooks/{id}', { ...path, body: { active: !hook!.active } }));
      return hook!.active ? 'Endpoint disabled.' : 'Endpoint enabled.';
    });
  const rotate = () =>
    act(async () => {
      if (!window.confirm('Rotate the signing secret? The old one keeps working for 24 hours.')) return;
      const rotated = await call(api.POST('/api/v1/webhooks/{id}/rotate-secret', path));
      setSecret(rotated.data.secret);
    });
  const ping = () =>
    act(async () => {
      await call(api.POST('/api/v1/webhooks/{id}/test', path));
      return 'Test ping queued: it appears in the log below.';
    });
  const redeliver = (delivery: Schemas['DeliveryResponse']) =>
    act(async () => {
      await call(
        api.POST('/api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver', { params: { path: { id, delivery_id: delivery.id } } }),
      );
      return 'Delivery attempted again.';
    });

  if (loadError)
    return (
      <Alert color="red" role="alert">
        {describe(loadError)}
      </Alert>
    );
  if (!hook) return <Loader size="sm" aria-label="Loading" />;
  return (
    <>
      <Text size="sm" mb="xs">
        <Link to="/webhooks">← All endpoints</Link>
      </Text>
      <PageHeader title="Webhook endpoint">{hook.url}</PageHeader>
      {secret && <SecretOnce label="New signing secret" value={secret} onDone={() => setSecret(null)} />}
      <Paper withBorder p="md" mb="md">
        <Stack gap="xs">
          <Group>
            <ActiveBadge hook={hook} />
            {hook.previous_secret_expires_at && (
              <Text size="sm">The previous secret works until {when(hook.previous_secret_expires_at)}.</Text>
            )}
          </Group>
          <Text size="sm">Description: {hook.description ?? '—'}</Text>
          <Text size="sm">Events: {hook.events.join(', ')}</Text>
          {writable && (
            <Group mt="xs">
              <Button size="xs" onClick={() => void ping()}>
                Send test ping
              </Button>
              <Button size="xs" variant="default" onClick={() => void toggle()}>
                {hook.active ? 'Disable' : 'Enable'}
              </Button>
              <Button size="xs" variant="default" onClick={() => void rotate()}>
                Rotate secret
              </Button>
            </Group>
          )}
          {notice && (
            <Text size="sm" role="status">
              {notice}
            </Text>
          )}
          <FormError error={actionError} title="Not done" />
        </Stack>
      </Paper>
      {writable && <EditWebhookForm hook={hook} onSaved={() => void load()} />}
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
      <ListState list={deliveries} empty="No deliveries yet: send a test ping to check that the endpoint answers.">
        {(items) => (
          <Table.ScrollContainer minWidth={800}>
            <Table striped data-testid="deliveries">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Event</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Attempts</Table.Th>
                  <Table.Th>Response</Table.Th>
                  <Table.Th>Last error</Table.Th>
                  <Table.Th>Next attempt</Table.Th>
                  <Table.Th>Created</Table.Th>
                  {writable && <Table.Th>Action</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
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
                    {writable && (
                      <Table.Td>
                        <Button size="xs" variant="outline" onClick={() => void redeliver(delivery)}>
                          Redeliver
                        </Button>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </ListState>
    </>
  );
}

function EditWebhookForm({ hook, onSaved }: { hook: Schemas['WebhookResponse']; onSaved: () => void }) {
  const [url, setUrl] = useState(hook.url);
  const [description, setDescription] = useState(hook.description ?? '');
  const [saved, setSaved] = useState(false);

  const { submit, error, busy } = useSubmit(async () => {
    setSaved(false);
    await call(api.PATCH('/api/v1/webhooks/{id}', { params: { path: { id: hook.id } }, body: { url, description: description || null } }));
    setSaved(true);
    onSaved();
  });

  return (
    <FormCard id="edit-webhook" title="Edit" onSubmit={submit}>
      <Group align="flex-start" grow>
        <FieldInput label="URL" required value={url} onValue={setUrl} field="url" errors={error} />
        <FieldInput label="Description" value={description} onValue={setDescription} field="description" errors={error} />
      </Group>
      <FormError error={error} fields={['url', 'description']} />
      <Group>
        <Button type="submit" variant="default" loading={busy}>
          Save
        </Button>
        {saved && (
          <Text size="sm" role="status">
            Saved.
          </Text>
        )}
      </Group>
    </FormCard>
  );
}
