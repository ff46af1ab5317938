import { Badge, Button, Group, NativeSelect, Table, Title, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { api, call, type Role, type Schemas } from '../api';
import { can, useSession } from '../session';
import { usePaged } from '../ui/paging';
import { FormError, fieldError, ListState, PageHeader, SecretOnce } from '../ui/parts';
import { FormCard, useSubmit, FieldInput } from '../ui/forms';

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
  const [rowError, setRowError] = useState<unknown>(null);

  const act = async (what: () => Promise<void>) => {
    try {
      await what();
      setRowError(null);
      users.reload();
    } catch (failure) {
      setRowError(failure);
    }
  };
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
      <ListState list={users} empty="No users yet.">
        {(items) => (
          <Table.ScrollContainer minWidth={720}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Email</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>State</Table.Th>
                  {admin && (
                    <Table.Th>
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((user) => (
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
                            <Button
                              size="xs"
                              variant="outline"
                              onClick={() => void sendInvite(user)}
                              aria-label={`Invite link for ${user.email}`}
                            >
                              Invite link
                            </Button>
                            {user.id !== me.id && (
                              <Button
                                size="xs"
                                color="red"
                                variant="outline"
                                onClick={() => void update(user, { active: false })}
                                aria-label={`Deactivate ${user.email}`}
                              >
                                Deactivate
                              </Button>
                            )}
                          </Group>
                        )}
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
      <Group>
        <Button type="submit" loading={busy}>
          Add
        </Button>
      </Group>
    </FormCard>
  );
}
