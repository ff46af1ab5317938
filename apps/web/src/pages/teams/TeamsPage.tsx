import { Table, Title } from '@mantine/core';
import { api, call } from '../../api';
import { Link } from '../../router';
import { can, useSession } from '../../session';
import { usePaged } from '../../ui/paging';
import { ListTable, PageHeader } from '../../ui/parts';
import { methodLabel, TeamForm } from './TeamForm';

export function TeamsPage() {
  const { user } = useSession();
  const writable = can(user.role, 'teams:write');
  const teams = usePaged(async (cursor) => call(api.GET('/api/v1/teams', { params: { query: { limit: 20, cursor } } })));
  return (
    <>
      <PageHeader title="Teams">Groups of agents that tickets are routed to, and how each team hands them out.</PageHeader>
      {writable && <TeamForm onSaved={teams.reload} />}
      <Title order={2} size="h4" mt="lg" mb="sm">
        Teams
      </Title>
      <ListTable
        list={teams}
        empty={writable ? 'No teams yet: create one above, then add its members.' : 'No teams yet. An admin creates them.'}
        head={['Name', 'Assignment', 'Cap per agent', 'Members']}
        minWidth={560}
        row={(team) => (
          <Table.Tr key={team.id}>
            <Table.Td>
              <Link to={`/teams/${team.id}`}>{team.name}</Link>
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
