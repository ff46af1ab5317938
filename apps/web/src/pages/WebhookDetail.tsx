import { Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { api, call, type Schemas } from '../api';
import { Link } from '../router';
import { can, useSession } from '../session';
import { useActions } from '../ui/actions';
import { DeliveryLog } from '../ui/DeliveryLog';
import { ActiveBadge, FormError, Loading, Outcome, PageHeader, SecretOnce, when } from '../ui/parts';
import { FieldInput, FormCard, SubmitRow, useSubmit } from '../ui/forms';
import { useRecord } from '../ui/record';

/** One endpoint: its state and actions, and the delivery log (why it stopped receiving). */
export function WebhookDetailPage({ id }: { id: string }) {
  const { user } = useSession();
  const writable = can(user.role, 'webhooks:write');
  const {
    record: hook,
    error: loadError,
    reload: load,
  } = useRecord(async () => (await call(api.GET('/api/v1/webhooks/{id}', { params: { path: { id } } }))).data, [id]);
  const [secret, setSecret] = useState<string | null>(null);

  const [version, setVersion] = useState(0);
  const {
    act,
    error: actionError,
    notice,
  } = useActions(async () => {
    await load();
    setVersion((now) => now + 1);
  });
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

  if (!hook) return <Loading error={loadError} />;
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
            <ActiveBadge target={hook} />
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
          <Outcome notice={notice} error={actionError} />
        </Stack>
      </Paper>
      {writable && <EditWebhookForm hook={hook} onSaved={() => void load()} />}
      <DeliveryLog
        version={version}
        empty="No deliveries yet: send a test ping to check that the endpoint answers."
        fetchPage={(cursor, status) =>
          call(api.GET('/api/v1/webhooks/{id}/deliveries', { params: { path: { id }, query: { limit: 20, cursor, status } } }))
        }
        redeliver={writable ? (delivery) => void redeliver(delivery) : undefined}
      />
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
      <SubmitRow label="Save" busy={busy} saved={saved} quiet />
    </FormCard>
  );
}
