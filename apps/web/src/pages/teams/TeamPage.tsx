import { Alert, Button, Group, NativeSelect, Paper, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api';
import { Link, navigate } from '../../router';
import { can, useSession } from '../../session';
import { useActions } from '../../ui/actions';
import { usePaged } from '../../ui/paging';
import { DataTable, FormError, Loading, Outcome, PageHeader, RowButton, when } from '../../ui/parts';
import { useRecord } from '../../ui/record';
import { methodLabel, TeamForm } from './TeamForm';

type Member = Schemas['TeamMemberResponse'];

/** One team: edit, delete (the API's reason when it cannot), and its members. */
export function TeamPage({ id }: { id: string }) {
  const { user } = useSession();
  const admin = can(user.role, 'teams:write');
  const path = { params: { path: { id } } };
  const {
    record,
    setRecord,
    error: loadError,
    reload: load,
  } = useRecord(async () => {
    const [found, listed] = await Promise.all([
      call(api.GET('/api/v1/teams/{id}', { params: { path: { id } } })),
      call(api.GET('/api/v1/teams/{id}/members', { params: { path: { id } } })),
    ]);
    return { team: found.data, members: listed.data };
  }, [id]);
  const { act, error, notice } = useActions(load);

  if (!record) return <Loading error={loadError} />;
  const { team, members } = record;
  // A deleted team is read-only: shown for its history, no longer assignable.
  const writable = admin && !team.deleted_at;
  const setTeam = (saved: Schemas['TeamResponse']) => setRecord({ team: saved, members });

  const remove = () =>
    act(async () => {
      if (!window.confirm(`Delete the team "${team.name}"?`)) return;
      await call(api.DELETE('/api/v1/teams/{id}', path));
      navigate('/teams');
    });
  const setAssignable = (member: Member) =>
    act(async () => {
      await call(
        api.PATCH('/api/v1/teams/{id}/members/{user_id}', {
          params: { path: { id, user_id: member.user_id } },
          body: { assignable: !member.assignable },
        }),
      );
    });
  const removeMember = (member: Member) =>
    act(async () => {
      await call(api.DELETE('/api/v1/teams/{id}/members/{user_id}', { params: { path: { id, user_id: member.user_id } } }));
      return `${member.name} removed.`;
    });

  return (
    <>
      <Text size="sm" mb="xs">
        <Link to="/teams">← All teams</Link>
      </Text>
      <PageHeader title={team.name}>
        {methodLabel(team.assignment_method)} · {team.max_open_per_agent ? `at most ${team.max_open_per_agent} open per agent` : 'no cap'}
        {team.description ? ` · ${team.description}` : ''}
      </PageHeader>
      {team.deleted_at && (
        <Alert color="gray" title="Deleted" mb="md">
          Deleted {when(team.deleted_at)}: no longer assignable, kept for the tickets and rules that named it.
        </Alert>
      )}
      {writable && (
        <Group mb="md">
          <RowButton label="Delete" subject={`team ${team.name}`} danger onClick={() => void remove()} />
        </Group>
      )}
      <Outcome notice={notice} error={error} />
      {writable && <TeamForm team={team} onSaved={setTeam} />}
      <Title order={2} size="h4" mt="lg" mb="sm">
        Members
      </Title>
      {writable && <AddMembers id={id} members={members} onAdded={() => void load()} />}
      {members.length === 0 ? (
        <Text c="dimmed">
          {writable ? 'No members yet: add agents above so the team can take tickets.' : 'No members yet. An admin adds them.'}
        </Text>
      ) : (
        <DataTable
          head={['Name', 'Email', 'Role', 'Assignable', 'Open assigned', 'Last assigned', ...(writable ? [null] : [])]}
          minWidth={760}
        >
          {members.map((member) => (
            <Table.Tr key={member.user_id}>
              <Table.Td>{member.name}</Table.Td>
              <Table.Td>{member.email}</Table.Td>
              <Table.Td>
                {member.role}
                {!member.active && ' (deactivated)'}
              </Table.Td>
              <Table.Td>
                <Switch
                  aria-label={`Assignable: ${member.email}`}
                  checked={member.assignable}
                  disabled={!writable}
                  onChange={() => void setAssignable(member)}
                />
              </Table.Td>
              <Table.Td>{member.open_assigned}</Table.Td>
              <Table.Td>{when(member.last_assigned_at, 'Never')}</Table.Td>
              {writable && (
                <Table.Td>
                  <RowButton label="Remove" subject={member.email} danger onClick={() => void removeMember(member)} />
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </DataTable>
      )}
    </>
  );
}

/** Picks agents and admins who are not members yet (the API's cursors: more users on demand). */
function AddMembers({ id, members, onAdded }: { id: string; members: Member[]; onAdded: () => void }) {
  const users = usePaged(async (cursor) => call(api.GET('/api/v1/users', { params: { query: { limit: 100, cursor } } })));
  const [picked, setPicked] = useState('');
  const { act, error } = useActions(onAdded);
  const inTeam = new Set(members.map((member) => member.user_id));
  const candidates = (users.items ?? []).filter((user) => user.active && user.role !== 'viewer' && !inTeam.has(user.id));
  const add = () =>
    act(async () => {
      await call(api.POST('/api/v1/teams/{id}/members', { params: { path: { id } }, body: { user_ids: [picked] } }));
      setPicked('');
    });
  return (
    <Paper withBorder p="sm" mb="md">
      <Stack gap="xs">
        <Group align="flex-end">
          <NativeSelect
            label="Add a member"
            value={picked}
            onChange={(event) => setPicked(event.currentTarget.value)}
            data={[
              { value: '', label: candidates.length ? 'Pick an agent or admin' : 'Everyone is a member already' },
              ...candidates.map((user) => ({ value: user.id, label: `${user.name} (${user.email})` })),
            ]}
          />
          <Button disabled={!picked} onClick={() => void add()}>
            Add
          </Button>
          {users.hasMore && (
            <Button variant="default" onClick={users.more} loading={users.loading}>
              More users
            </Button>
          )}
        </Group>
        <FormError error={error} title="Not added" />
      </Stack>
    </Paper>
  );
}
