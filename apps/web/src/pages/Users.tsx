import { Badge, Group, NativeSelect, Table, Title } from '@mantine/core';
import { useState } from 'react';
import { api, call, type Role, type Schemas } from '../api';
import { can, useSession } from '../session';
import { useActions } from '../ui/actions';
import { usePaged } from '../ui/paging';
import { fieldError, FormError, ListTable, PageHeader, RowButton, SecretOnce } from '../ui/parts';
import { FieldInput, FormCard, SubmitRow, useSubmit } from '../ui/forms';

const ROLES: { value: Role; label: string }[] = [
  { value: 'viewer', label: 'Viewer (reads)' },
  { value: 'agent', label: 'Agent (works tickets)' },
  { value: 'admin', label: 'Admin (everything)' },
];

export function UsersPage() {
  const { user: me } = useSession();
  const admin = can(me.role, 'users:write');
  const users = usePaged(async (cursor) => call(api.GET('/api/v1/users', { params: { query: { limit: 20, cursor } } })));
  const [invite, setInvite] = useState<{ email: string; url: string } | null>(null);
  const { act, error: rowError } = useActions(users.reload);

  const sendInvite = (user: Schemas['UserResponse']) =>
    act(async () => {
      const created = await call(api.POST('/api/v1/users/{id}/invite', { params: { path: { id: user.id } } }));
      if (created.data.url) setInvite({ email: user.email, url: new URL(created.data.url, window.location.origin).href });
    });
  const update = (user: Schemas['UserResponse'], body: Schemas['UpdateUserRequest']) =>
    act(async () => {
      await call(api.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body }));
    });

  return (
    <>
      <PageHeader title="Users">
        {admin ? 'Invite people, set their role, deactivate who leaves.' : 'Who has access to this workspace. Only an admin changes it.'}
      </PageHeader>
      {invite && (
        <SecretOnce label={`Invite link for ${invite.email} (one use, 7 days)`} value={invite.url} onDone={() => setInvite(null)} />
      )}
      {admin && <AddUserForm onAdded={users.reload} />}
      <Title order={2} size="h4" mt="lg" mb="sm">
        People
      </Title>
      <FormError error={rowError} />
      <ListTable
        list={users}
        empty="No users yet."
        head={['Name', 'Email', 'Role', 'State', ...(admin ? [null] : [])]}
        minWidth={720}
        row={(user) => (
          <Table.Tr key={user.id}>
            <Table.Td>{user.name}</Table.Td>
            <Table.Td>{user.email}</Table.Td>
            <Table.Td>
              {admin && user.id !== me.id ? (
                <NativeSelect
                  aria-label={`Role of ${user.email}`}
                  size="xs"
                  value={user.role}
                  data={ROLES}
                  onChange={(event) => void update(user, { role: event.currentTarget.value as Role })}
                />
              ) : (
                user.role
              )}
            </Table.Td>
            <Table.Td>{user.active ? <Badge color="green">Active</Badge> : <Badge color="gray">Deactivated</Badge>}</Table.Td>
            {admin && (
              <Table.Td>
                {user.active && (
                  <Group gap="xs" wrap="nowrap">
                    <RowButton label="Invite link" subject={`for ${user.email}`} onClick={() => void sendInvite(user)} />
                    {user.id !== me.id && (
                      <RowButton label="Deactivate" subject={user.email} danger onClick={() => void update(user, { active: false })} />
                    )}
                  </Group>
                )}
              </Table.Td>
            )}
          </Table.Tr>
        )}
      />
    </>
  );
}

function AddUserForm({ onAdded }: { onAdded: () => void }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('agent');

  const { submit, error, busy } = useSubmit(async () => {
    await call(api.POST('/api/v1/users', { body: { email, name, role } }));
    setEmail('');
    setName('');
    onAdded();
  });

  return (
    <FormCard id="add-user" title="Add a person" onSubmit={submit}>
      <Group align="flex-start" grow>
        <FieldInput label="Name" required value={name} onValue={setName} field="name" errors={error} />
        <FieldInput label="Email" type="email" required value={email} onValue={setEmail} field="email" errors={error} />
        <NativeSelect
          label="Role"
          value={role}
          data={ROLES}
          onChange={(event) => setRole(event.currentTarget.value as Role)}
          error={fieldError(error, 'role')}
        />
      </Group>
      <FormError error={error} fields={['name', 'email', 'role']} />
      <SubmitRow label="Add" busy={busy} />
    </FormCard>
  );
}
