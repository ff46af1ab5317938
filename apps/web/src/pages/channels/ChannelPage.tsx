import { Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api';
import { Link, navigate } from '../../router';
import { can, useSession } from '../../session';
import { useActions } from '../../ui/actions';
import { DeliveryLog } from '../../ui/DeliveryLog';
import { ActiveBadge, Loading, Outcome, PageHeader } from '../../ui/parts';
import { useRecord } from '../../ui/record';
import { ChannelForm } from './ChannelForm';

/** One notification channel: test, delete, its edit form, and its delivery log. */
export function ChannelPage({ id }: { id: string }) {
  const { user } = useSession();
  const writable = can(user.role, 'notification_channels:write');
  const path = { params: { path: { id } } };
  const {
    record: channel,
    setRecord: setChannel,
    error: loadError,
    reload: load,
  } = useRecord(async () => (await call(api.GET('/api/v1/notification-channels/{id}', { params: { path: { id } } }))).data, [id]);
  const [version, setVersion] = useState(0);
  const { act, error, notice } = useActions(async () => {
    await load();
    setVersion((now) => now + 1);
  });

  if (!channel) return <Loading error={loadError} />;
  const test = () =>
    act(async () => {
      await call(api.POST('/api/v1/notification-channels/{id}/test', path));
      return 'Test message queued: it appears in the log below.';
    });
  const remove = () =>
    act(async () => {
      if (!window.confirm(`Delete the channel "${channel.name}"?`)) return;
      await call(api.DELETE('/api/v1/notification-channels/{id}', path));
      navigate('/notification-channels');
    });
  const redeliver = (delivery: Schemas['ChannelDeliveryResponse']) =>
    act(async () => {
      await call(
        api.POST('/api/v1/notification-channels/{id}/deliveries/{delivery_id}/redeliver', {
          params: { path: { id, delivery_id: delivery.id } },
        }),
      );
      return 'Delivery attempted again.';
    });

  return (
    <>
      <Text size="sm" mb="xs">
        <Link to="/notification-channels">← All channels</Link>
      </Text>
      <PageHeader title={channel.name}>{channel.url_hint}</PageHeader>
      <Paper withBorder p="md" mb="md">
        <Stack gap="xs">
          <Group>
            <ActiveBadge target={channel} />
          </Group>
          <Text size="sm">Events: {channel.events.join(', ')}</Text>
          <Text size="sm">Only: {shownFilter(channel.filter)}</Text>
          {writable && (
            <Group mt="xs">
              <Button size="xs" onClick={() => void test()}>
                Send test message
              </Button>
              <Button size="xs" variant="outline" color="red" onClick={() => void remove()}>
                Delete
              </Button>
            </Group>
          )}
          <Outcome notice={notice} error={error} />
        </Stack>
      </Paper>
      {writable && <ChannelForm key={channel.id} channel={channel} onSaved={setChannel} />}
      <DeliveryLog
        version={version}
        empty="No deliveries yet: send a test message to check that the channel receives."
        fetchPage={(cursor, status) =>
          call(api.GET('/api/v1/notification-channels/{id}/deliveries', { params: { path: { id }, query: { limit: 20, cursor, status } } }))
        }
        redeliver={writable ? (delivery) => void redeliver(delivery) : undefined}
      />
    </>
  );
}

/** The channel's filter in words: each named list, or every ticket. */
function shownFilter(filter: Schemas['ChannelFilterRequest']): string {
  const parts = Object.entries(filter)
    .filter(([, values]) => Array.isArray(values) && values.length > 0)
    .map(([name, values]) => `${name}: ${(values as string[]).join(', ')}`);
  return parts.length > 0 ? parts.join('; ') : 'every ticket of the events';
}
