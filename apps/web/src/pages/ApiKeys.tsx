import { Badge, Group, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { api, call, type Permission, type Schemas } from '../api';
import { useSession } from '../session';
import { usePaged } from '../ui/paging';
import { CheckboxGrid, fieldError, FormError, ListTable, PageHeader, RowButton, SecretOnce, when } from '../ui/parts';
import { FieldInput, FormCard, SubmitRow, useSubmit } from '../ui/forms';

// Every scope of the contract (the type makes a missing or unknown one a compile error).
const SCOPES = {
  'tickets:read': true,
  'tickets:write': true,
  'customers:read': true,
  'customers:write': true,
  'conversations:read': true,
  'conversations:write': true,
  'tags:read': true,
  'tags:write': true,
  'users:read': true,
  'users:write': true,
  'analytics:read': true,
  'events:read': true,
  'webhooks:read': true,
  'webhooks:write': true,
  'api_keys:read': true,
  'api_keys:write': true,
  'notification_channels:read': true,
  'notification_channels:write': true,
  'teams:read': true,
  'teams:write': true,
  'rules:read': true,
  'rules:write': true,
  'jobs:read': true,
} satisfies Record<Permission, true>;
const SCOPE_NAMES = Object.keys(SCOPES) as Permission[];

export function ApiKeysPage() {
  const { user } = useSession();
  const keys = usePaged(async (cursor) => call(api.GET('/api/v1/api-keys', { params: { query: { limit: 20, cursor } } })));
  const [created, setCreated] = useState<Schemas['CreatedApiKeyResponse'] | null>(null);
  const [revokeError, setRevokeError] = useState<unknown>(null);

  const revoke = async (key: Schemas['ApiKeyResponse']) => {
    if (!window.confirm(`Revoke "${key.name}"? Programs using it stop working at once.`)) return;
    try {
      await call(api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id: key.id } } }));
      setRevokeError(null);
      keys.reload();
    } catch (failure) {
      setRevokeError(failure);
    }
  };

  return (
    <>
      <PageHeader title="API keys">
        {user.role === 'admin'
          ? "Every key of the workspace. A key acts with its creator's current role, narrowed by its scopes."
          : 'Your keys. A key acts with your current role, narrowed by its scopes.'}
      </PageHeader>
      {created?.key && <SecretOnce label={`Key "${created.name}" created`} value={created.key} onDone={() => setCreated(null)} />}
      <CreateKeyForm
        onCreated={(key) => {
          setCreated(key);
          keys.reload();
        }}
      />
      <Title order={2} size="h4" mt="lg" mb="sm">
        Keys
      </Title>
      <FormError error={revokeError} title="Not revoked" />
      <ListTable
        list={keys}
        empty="No keys yet: create one above for each program that calls the API."
        head={['Name', 'Prefix', 'Scopes', 'Last used', 'Expires', null]}
        minWidth={720}
        row={(key) => (
          <Table.Tr key={key.id}>
            <Table.Td>{key.name}</Table.Td>
            <Table.Td>
              <code>{key.prefix}…</code>
            </Table.Td>
            <Table.Td>
              {key.scopes ? (
                <Group gap={4}>
                  {key.scopes.map((scope) => (
                    <Badge key={scope} variant="default" size="sm">
                      {scope}
                    </Badge>
                  ))}
                </Group>
              ) : (
                <Text size="sm">All of the role</Text>
              )}
            </Table.Td>
            <Table.Td>{when(key.last_used_at, 'Never')}</Table.Td>
            <Table.Td>{when(key.expires_at, 'Never')}</Table.Td>
            <Table.Td>
              {key.revoked_at ? (
                <Badge color="gray">Revoked</Badge>
              ) : (
                <RowButton label="Revoke" subject={key.name} danger onClick={() => void revoke(key)} />
              )}
            </Table.Td>
          </Table.Tr>
        )}
      />
    </>
  );
}

function CreateKeyForm({ onCreated }: { onCreated: (key: Schemas['CreatedApiKeyResponse']) => void }) {
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>([]);
  const [expires, setExpires] = useState('');
  const { submit, error, busy } = useSubmit(async () => {
    const body: Schemas['CreateApiKeyRequest'] = { name };
    if (scopes.length > 0) body.scopes = scopes as Permission[];
    // A date input gives a calendar day: the key works through the end of that day (UTC).
    if (expires) body.expires_at = `${expires}T23:59:59.000Z`;
    const created = await call(api.POST('/api/v1/api-keys', { body }));
    onCreated(created.data);
    setName('');
    setScopes([]);
    setExpires('');
  });

  return (
    <FormCard id="new-key" title="New key" onSubmit={submit}>
      <Group align="flex-start" grow>
        <FieldInput
          label="Name"
          description="Who or what uses it, e.g. CRM sync"
          required
          value={name}
          onValue={setName}
          field="name"
          errors={error}
        />
        <FieldInput
          label="Expires on"
          description="Leave empty for a key that does not expire"
          type="date"
          value={expires}
          onValue={setExpires}
          field="expires_at"
          errors={error}
        />
      </Group>
      <CheckboxGrid
        label="Scopes"
        description="None checked: the key can do everything your role can."
        options={SCOPE_NAMES}
        value={scopes}
        onChange={setScopes}
        error={fieldError(error, 'scopes')}
      />
      <FormError error={error} fields={['name', 'expires_at', 'scopes']} />
      <SubmitRow label="Create key" busy={busy} />
    </FormCard>
  );
}
