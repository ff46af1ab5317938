import { DataSource } from 'typeorm';
import { addUser, bearer, createWorkspace, Session, startTestApp, TestApp } from '../helpers/test-app';

// Contract §3: keys, inherited permissions at request time, scopes, workspace isolation.
describe('platform: authentication, permissions and isolation', () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof createWorkspace>>;
  let b: Awaited<ReturnType<typeof createWorkspace>>;

  beforeAll(async () => {
    t = await startTestApp();
    a = await createWorkspace(t.app, 'Acme');
    b = await createWorkspace(t.app, 'Globex');
  });
  afterAll(() => t.close());

  const get = (path: string, key: string) => t.http.get(`/api/v1${path}`).set(bearer(key));
  const post = (path: string, key: string, body: object) => t.http.post(`/api/v1${path}`).set(bearer(key)).send(body);
  const patch = (path: string, key: string, body: object) => t.http.patch(`/api/v1${path}`).set(bearer(key)).send(body);
  let seq = 0;
  const email = () => `person-${++seq}-${Date.now()}@example.com`;

  describe('401 unauthorized', () => {
    it.each([
      ['no key', {}, /missing API key/],
      ['a malformed header', { Authorization: 'Basic abc' }, /malformed/],
      ['an unknown key', { Authorization: 'Bearer rly_notarealkeynotarealkeynotarealkey12345' }, /invalid API key/],
    ])('with %s', async (_name, headers, message) => {
      const res = await t.http.get('/api/v1/users/me').set(headers as Record<string, string>);
      expect(res.status).toBe(401);
      expect(res.body.error).toMatchObject({ code: 'unauthorized', message: expect.stringMatching(message) });
    });

    it('for a revoked key, from the next request on', async () => {
      const created = await post('/api-keys', a.agent.key, { name: 'to revoke' }).expect(201);
      await get('/users/me', created.body.data.key).expect(200);
      await t.http.delete(`/api/v1/api-keys/${created.body.data.id}`).set(bearer(a.agent.key)).expect(204);
      const res = await get('/users/me', created.body.data.key).expect(401);
      expect(res.body.error.message).toMatch(/revoked/);
      const listed = await get('/api-keys', a.agent.key).expect(200);
      expect(listed.body.data.find((k: { id: string }) => k.id === created.body.data.id).revoked_at).toEqual(expect.any(String));
    });

    it('for an expired key', async () => {
      const created = await post('/api-keys', a.agent.key, {
        name: 'short-lived',
        expires_at: new Date(Date.now() + 1200).toISOString(),
      }).expect(201);
      await get('/users/me', created.body.data.key).expect(200);
      await new Promise((resolve) => setTimeout(resolve, 1400));
      const res = await get('/users/me', created.body.data.key).expect(401);
      expect(res.body.error.message).toMatch(/expired/);
    });

    it('for every key of a deactivated user, and again 200 once reactivated', async () => {
      const user = await addUser(t.app, a.admin.workspaceId, 'agent', email());
      await get('/users/me', user.key).expect(200);
      await patch(`/users/${user.userId}`, a.admin.key, { active: false }).expect(200);
      const res = await get('/users/me', user.key).expect(401);
      expect(res.body.error.message).toMatch(/deactivated/);
      await patch(`/users/${user.userId}`, a.admin.key, { active: true }).expect(200);
      await get('/users/me', user.key).expect(200);
    });
  });

  describe('the permission table', () => {
    it('lets every role read users, and only admins manage them', async () => {
      for (const role of ['viewer', 'agent', 'admin'] as const) await get('/users', a[role].key).expect(200);
      for (const role of ['viewer', 'agent'] as const) {
        const res = await post('/users', a[role].key, { email: email(), name: 'N', role: 'viewer' }).expect(403);
        expect(res.body.error).toMatchObject({ code: 'forbidden', message: expect.stringContaining('users:write') });
        await patch(`/users/${a.viewer.userId}`, a[role].key, { name: 'x' }).expect(403);
      }
      await post('/users', a.admin.key, { email: email(), name: 'N', role: 'viewer' }).expect(201);
    });

    it('lets every role create, list and revoke its own keys (api_keys:*), and only admins see or revoke others', async () => {
      const a = await createWorkspace(t.app, 'Keys');
      const viewerKey = await post('/api-keys', a.viewer.key, { name: 'viewer key' }).expect(201);
      expect(viewerKey.body.data).toMatchObject({ name: 'viewer key', created_by: a.viewer.userId, scopes: null, revoked_at: null });
      expect(viewerKey.body.data.key).toMatch(/^rly_/);
      expect(viewerKey.body.data.prefix).toBe(viewerKey.body.data.key.slice(0, 12));

      const viewerList = await get('/api-keys', a.viewer.key).expect(200);
      expect(viewerList.body.data.every((k: { created_by: string }) => k.created_by === a.viewer.userId)).toBe(true);
      expect(viewerList.body.data.some((k: Record<string, unknown>) => 'key' in k || 'secret_hash' in k)).toBe(false);

      const adminList = await get('/api-keys', a.admin.key).expect(200);
      const owners = new Set(adminList.body.data.map((k: { created_by: string }) => k.created_by));
      expect(owners).toEqual(new Set([a.admin.userId, a.agent.userId, a.viewer.userId]));

      await t.http.delete(`/api/v1/api-keys/${viewerKey.body.data.id}`).set(bearer(a.agent.key)).expect(404);
      await t.http.delete(`/api/v1/api-keys/${viewerKey.body.data.id}`).set(bearer(a.admin.key)).expect(204);
    });

    it('takes a demotion into account on the very next request', async () => {
      const admin2 = await addUser(t.app, a.admin.workspaceId, 'admin', email());
      await post('/users', admin2.key, { email: email(), name: 'N', role: 'viewer' }).expect(201);
      await patch(`/users/${admin2.userId}`, a.admin.key, { role: 'viewer' }).expect(200);
      await post('/users', admin2.key, { email: email(), name: 'N', role: 'viewer' }).expect(403);
      await get('/users', admin2.key).expect(200);
    });

    it('never lets a workspace lose its last active admin', async () => {
      const fresh = await createWorkspace(t.app, 'Solo');
      const res = await patch(`/users/${fresh.admin.userId}`, fresh.admin.key, { role: 'agent' }).expect(409);
      expect(res.body.error.code).toBe('conflict');
      await patch(`/users/${fresh.admin.userId}`, fresh.admin.key, { active: false }).expect(409);
    });
  });

  describe('scopes', () => {
    it('narrow a key to the listed permissions', async () => {
      const scoped = await post('/api-keys', a.admin.key, { name: 'read users', scopes: ['users:read'] }).expect(201);
      expect(scoped.body.data.scopes).toEqual(['users:read']);
      await get('/users', scoped.body.data.key).expect(200);
      await post('/users', scoped.body.data.key, { email: email(), name: 'N', role: 'viewer' }).expect(403);
    });

    it('refuse unknown names with 400 and permissions the creator lacks with 403', async () => {
      const unknown = await post('/api-keys', a.admin.key, { name: 'x', scopes: ['tickets:fly'] }).expect(400);
      expect(unknown.body.error.details[0]).toMatchObject({ field: 'scopes' });
      await post('/api-keys', a.agent.key, { name: 'x', scopes: ['users:write'] }).expect(403);
    });

    it('cannot be widened by minting a new key from a scoped one', async () => {
      const scoped = await post('/api-keys', a.admin.key, { name: 'narrow', scopes: ['users:read', 'api_keys:write'] }).expect(201);
      await post('/api-keys', scoped.body.data.key, { name: 'wider', scopes: ['users:write'] }).expect(403);
      const child = await post('/api-keys', scoped.body.data.key, { name: 'child' }).expect(201);
      expect(child.body.data.scopes).toEqual(['users:read', 'api_keys:write']);
      await post('/users', child.body.data.key, { email: email(), name: 'N', role: 'viewer' }).expect(403);
      // Without api_keys:write in its scopes a key mints nothing.
      const readOnly = await post('/api-keys', a.admin.key, { name: 'read only', scopes: ['users:read'] }).expect(201);
      await post('/api-keys', readOnly.body.data.key, { name: 'child' }).expect(403);
    });

    it('shrink with the creator: scopes ∩ the current role', async () => {
      const admin3 = await addUser(t.app, a.admin.workspaceId, 'admin', email());
      const scoped = await post('/api-keys', admin3.key, { name: 'manage users', scopes: ['users:read', 'users:write'] }).expect(201);
      await patch(`/users/${admin3.userId}`, a.admin.key, { role: 'agent' }).expect(200);
      await post('/users', scoped.body.data.key, { email: email(), name: 'N', role: 'viewer' }).expect(403);
      await get('/users', scoped.body.data.key).expect(200);
    });

    it('reject an expiry in the past', async () => {
      const res = await post('/api-keys', a.admin.key, { name: 'x', expires_at: '2020-01-01T00:00:00.000Z' }).expect(400);
      expect(res.body.error.details[0]).toMatchObject({ field: 'expires_at' });
    });
  });

  describe('workspace isolation', () => {
    it('shows a workspace only its own users, whatever ids it sends', async () => {
      const listed = await get('/users?limit=100', b.admin.key).expect(200);
      const ids = listed.body.data.map((u: { id: string }) => u.id);
      expect(ids).toEqual(expect.arrayContaining([b.admin.userId, b.agent.userId, b.viewer.userId]));
      expect(ids).not.toContain(a.admin.userId);
      await get(`/users/${a.admin.userId}`, b.admin.key).expect(404);
      await patch(`/users/${a.agent.userId}`, b.admin.key, { role: 'viewer' }).expect(404);
    });

    it('shows a workspace only its own keys; another workspace’s key ids are 404', async () => {
      const aKeys = await get('/api-keys', a.admin.key).expect(200);
      const bKeys = await get(`/api-keys?user_id=${a.admin.userId}`, b.admin.key).expect(200);
      expect(bKeys.body.data).toEqual([]);
      expect(bKeys.body.meta.total).toBe(0);
      await t.http.delete(`/api/v1/api-keys/${aKeys.body.data[0].id}`).set(bearer(b.admin.key)).expect(404);
    });

    it('reports the caller’s own workspace', async () => {
      const res = await get('/workspace', b.viewer.key).expect(200);
      expect(res.body.data).toMatchObject({ id: b.admin.workspaceId, name: 'Globex', sandbox: false });
    });
  });

  describe('pagination', () => {
    it('pages users with stable cursors and an exact total', async () => {
      const ws = await createWorkspace(t.app, 'Paged');
      for (let i = 0; i < 7; i++) await post('/users', ws.admin.key, { email: email(), name: `U${i}`, role: 'viewer' }).expect(201);
      const seen: string[] = [];
      let cursor: string | null = null;
      const sizes: number[] = [];
      do {
        const res: { body: { data: { id: string }[]; meta: { next_cursor: string | null } } } = await get(
          `/users?limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          ws.admin.key,
        ).expect(200);
        // A user added while paging (newest first) lands before the cursor: counted, not served.
        expect(res.body.meta).toMatchObject({ limit: 4, total: sizes.length === 0 ? 10 : 11 });
        sizes.push(res.body.data.length);
        seen.push(...res.body.data.map((u: { id: string }) => u.id));
        cursor = res.body.meta.next_cursor;
        if (sizes.length === 1) await post('/users', ws.admin.key, { email: email(), name: 'late', role: 'viewer' }).expect(201);
      } while (cursor);
      expect(sizes).toEqual([4, 4, 2]);
      expect(new Set(seen).size).toBe(10);
    });

    it('refuses a cursor replayed with other filters', async () => {
      const first = await get('/users?limit=1&role=viewer', a.admin.key).expect(200);
      const res = await get(`/users?limit=1&role=agent&cursor=${encodeURIComponent(first.body.meta.next_cursor)}`, a.admin.key).expect(400);
      expect(res.body.error.code).toBe('invalid_cursor');
    });

    it('sorts ascending on request', async () => {
      const res = await get('/users?order=asc&limit=100', a.admin.key).expect(200);
      const times = res.body.data.map((u: { created_at: string }) => u.created_at);
      expect([...times].sort()).toEqual(times);
    });
  });

  it('stores only a hash of each secret', async () => {
    const created = await post('/api-keys', a.viewer.key, { name: 'hashed' }).expect(201);
    const secret: string = created.body.data.key;
    const rows: Record<string, unknown>[] = await t.app.get(DataSource).query('SELECT * FROM api_keys');
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(secret);
    expect(dump).not.toContain(secret.slice(12));
  });

  it('bootstraps the Default workspace with an admin and the configured key', async () => {
    const res = await get('/workspace', t.adminKey).expect(200);
    expect(res.body.data.name).toBe('Default');
    const me = await get('/users/me', t.adminKey).expect(200);
    expect(me.body.data.role).toBe('admin');
  });
});

export type { Session };
