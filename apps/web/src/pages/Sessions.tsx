import { Badge, Table } from '@mantine/core';
import { useEffect, useState } from 'react';
import { api, call, type Schemas } from '../api';
import { useActions } from '../ui/actions';
import { usePaged } from '../ui/paging';
import { FormError, ListTable, PageHeader, RowButton, when } from '../ui/parts';

/** The signed-in user's own sessions (contract §13): where they are signed in, and revoke. */
export function SessionsPage() {
  const sessions = usePaged(async (cursor) => call(api.GET('/api/v1/auth/sessions', { params: { query: { limit: 20, cursor } } })));
  const [current, setCurrent] = useState<string | null>(null);
  useEffect(() => {
    void call(api.GET('/api/v1/auth/session')).then((answer) => setCurrent(answer.data.id));
  }, []);
  const { act, error } = useActions(sessions.reload);
  const revoke = (session: Schemas['SessionResponse']) =>
    act(async () => {
      const own = session.id === current;
      if (own && !window.confirm('Revoke this session? You are signed out here.')) return;
      await call(api.DELETE('/api/v1/auth/sessions/{id}', { params: { path: { id: session.id } } }));
    });

  return (
    <>
      <PageHeader title="Sessions">
        Where you are signed in. Revoke one you do not recognise; changing your password ends them all.
      </PageHeader>
      <FormError error={error} title="Not revoked" />
      <ListTable
        list={sessions}
        empty="No open session."
        head={['Signed in', 'Last seen', 'Expires', 'IP', 'Browser', null]}
        minWidth={760}
        row={(session) => (
          <Table.Tr key={session.id}>
            <Table.Td>
              {when(session.created_at)}
              {session.id === current && (
                <Badge ml="xs" color="blue">
                  This session
                </Badge>
              )}
            </Table.Td>
            <Table.Td>{when(session.last_seen_at)}</Table.Td>
            <Table.Td>{when(session.expires_at)}</Table.Td>
            <Table.Td>{session.ip ?? '—'}</Table.Td>
            <Table.Td style={{ maxWidth: 260, overflowWrap: 'anywhere' }}>{session.user_agent ?? '—'}</Table.Td>
            <Table.Td>
              <RowButton label="Revoke" subject={`session from ${when(session.created_at)}`} danger onClick={() => void revoke(session)} />
            </Table.Td>
          </Table.Tr>
        )}
      />
    </>
  );
}
