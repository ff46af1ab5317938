import { Badge, Group, Switch, Table, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { api, call } from '../../api';
import { Link } from '../../router';
import { can, useSession } from '../../session';
import { usePaged } from '../../ui/paging';
import { ListTable, PageHeader } from '../../ui/parts';
import { methodLabel, TeamForm } from './TeamForm';

export function TeamsPage() {
  const { user } = useSession();
  const writable = can(user.role, 'teams:write');
  const [q, setQ] = useState('');
  const [withDeleted, setWithDeleted] = useState(false);
  const teams = usePaged(
    async (cursor) =>
      call(
        api.GET('/api/v1/teams', {
          params: { query: { limit: 20, cursor, q: q.trim() || undefined, include_deleted: withDeleted || undefined } },
        }),
      ),
    [q, withDeleted],
  );
  const searching = q.trim() !== '' || withDeleted;
  return (
    <>
      <PageHeader title="Teams">Groups of agents that tickets are routed to, and how each team hands them out.</PageHeader>
      {writable && <TeamForm onSaved={teams.reload} />}
      <Group justify="space-between" align="flex-end" mt="lg" mb="sm">
        <Title order={2} size="h4">
          Teams
        </Title>
        <Group align="flex-end">
          <TextInput
            label="Search"
            placeholder="Name contains…"
            size="xs"
            value={q}
            onChange={(event) => setQ(event.currentTarget.value)}
          />
          <Switch label="Include deleted" checked={withDeleted} onChange={(event) => setWithDeleted(event.currentTarget.checked)} mb={4} />
        </Group>
      </Group>
      <ListTable
        list={teams}
        empty={
          searching
            ? 'No team matches: change the search.'
            : writable
              ? 'No teams yet: create one above, then add its members.'
              : 'No teams yet. An admin creates them.'
        }
        head={['Name', 'Assignment', 'Cap per agent', 'Members']}
        minWidth={560}
        row={(team) => (
          <Table.Tr key={team.id}>
            <Table.Td>
              <Group gap="xs">
                <Link to={`/teams/${team.id}`}>{team.name}</Link>
                {team.deleted_at && <Badge color="gray">Deleted</Badge>}
              </Group>
            </Table.Td>
            <Table.Td>{methodLabel(team.assignment_method)}</Table.Td>
            <Table.Td>{team.max_open_per_agent ?? 'No cap'}</Table.Td>
            <Table.Td>{team.member_count}</Table.Td>
          </Table.Tr>
        )}
      />
    </>
  );
}
