import { Table, Title } from '@mantine/core';
import { api, call } from '../../api';
import { Link } from '../../router';
import { can, useSession } from '../../session';
import { usePaged } from '../../ui/paging';
import { ActiveBadge, ListTable, PageHeader } from '../../ui/parts';
import { ChannelForm } from './ChannelForm';

/** Slack (or compatible) channels that get a message when tickets change (contract §12). */
export function ChannelsPage() {
  const { user } = useSession();
  const channels = usePaged(async (cursor) => call(api.GET('/api/v1/notification-channels', { params: { query: { limit: 20, cursor } } })));
  return (
    <>
      <PageHeader title="Notification channels">Slack incoming webhooks told about tickets as they change.</PageHeader>
      {can(user.role, 'notification_channels:write') && <ChannelForm onSaved={channels.reload} />}
      <Title order={2} size="h4" mt="lg" mb="sm">
        Channels
      </Title>
      <ListTable
        list={channels}
        empty="No channels yet: paste a Slack incoming-webhook URL above to post ticket news to a channel."
        head={['Name', 'URL', 'Events', 'State']}
        minWidth={640}
        row={(channel) => (
          <Table.Tr key={channel.id}>
            <Table.Td>
              <Link to={`/notification-channels/${channel.id}`}>{channel.name}</Link>
            </Table.Td>
            <Table.Td>
              <code>{channel.url_hint}</code>
            </Table.Td>
            <Table.Td>{channel.events.join(', ')}</Table.Td>
            <Table.Td>
              <ActiveBadge target={channel} />
            </Table.Td>
          </Table.Tr>
        )}
      />
    </>
  );
}
