import { Alert, Button, Group, Loader, Paper, Stack, Text } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { api, call, type Schemas } from '../../api';
import { Link, navigate } from '../../router';
import { can, useSession } from '../../session';
import { useActions } from '../../ui/actions';
import { DeliveryLog } from '../../ui/DeliveryLog';
import { ActiveBadge, describe, FormError, PageHeader } from '../../ui/parts';

/** One notification channel: test, enable/disable, delete, and its delivery log. */
export function ChannelPage({ id }: { id: string }) {
  const { user } = useSession();
  const writable = can(user.role, 'notification_channels:write');
  const [channel, setChannel] = useState<Schemas['NotificationChannelResponse'] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  const path = { params: { path: { id } } };

  const load = useCallback(async () => {
    try {
      setChannel((await call(api.GET('/api/v1/notification-channels/{id}', { params: { path: { id } } }))).data);
    } catch (failure) {
      setLoadError(failure);
    }
  }, [id]);
  useEffect(() => void load(), [load]);
  const { act, error, notice } = useActions(async () => {
    await load();
    setVersion((now) => now + 1);
  });

  if (loadError)
    return (
      <Alert color="red" role="alert">
        {describe(loadError)}
      </Alert>
    );
  if (!channel) return <Loader size="sm" aria-label="Loading" />;
  const test = () =>
    act(async () => {
      await call(api.POST('/api/v1/notification-channels/{id}/test', path));
      return 'Test message queued: it appears in the log below.';
    });
  const toggle = () =>
    act(async () => {
      await call(api.PATCH('/api/v1/notification-channels/{id}', { ...path, body: { active: !channel.active } }));
      return channel.active ? 'Channel disabled.' : 'Channel enabled.';
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
              <Button size="xs" variant="default" onClick={() => void toggle()}>
                {channel.active ? 'Disable' : 'Enable'}
              </Button>
              <Button size="xs" variant="outline" color="red" onClick={() => void remove()}>
                Delete
              </Button>
            </Group>
          )}
          {notice && (
            <Text size="sm" role="status">
              {notice}
            </Text>
          )}
          <FormError error={error} title="Not done" />
        </Stack>
      </Paper>
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
