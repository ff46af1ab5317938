import { ApiKeysService } from '@relay/api-keys';
import { TransactionRunner } from '@relay/database';
import { addUser, bearer, createWorkspace, startTestApp, TestApp } from '../helpers/test-app';

// Issue 13, keys and access: a key can never outgrow or outlive the key that mints it, key
// management is a permission of its own, and minting keys is capped.
describe('hardening: API keys', () => {
  let t: TestApp;
  let seq = 0;
  const email = () => `keys-${++seq}-${Date.now()}@example.com`;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const get = (path: string, key: string) => t.http.get(`/api/v1${path}`).set(bearer(key));
  const post = (path: string, key: string, body: object) => t.http.post(`/api/v1${path}`).set(bearer(key)).send(body);
  const revoke = (id: string, key: string) => t.http.delete(`/api/v1/api-keys/${id}`).set(bearer(key));

  describe('a narrowed, expiring key', () => {
    it('cannot mint a key, list its user’s keys or revoke them: key management is api_keys:*', async () => {
      const ws = await createWorkspace(t.app, 'Narrowed');
      const adminKeys = await get('/api-keys', ws.admin.key).expect(200);
      const adminKeyId = adminKeys.body.data.find((k: { created_by: string }) => k.created_by === ws.admin.userId).id;
      const narrow = await post('/api-keys', ws.admin.key, {
        name: 'third party',
        scopes: ['tickets:read'],
        expires_at: new Date(Date.now() + 120_000).toISOString(),
      }).expect(201);
      const key: string = narrow.body.data.key;

      const minted = await post('/api-keys', key, { name: 'permanent' }).expect(403);
      expect(minted.body.error).toMatchObject({ code: 'forbidden', message: expect.stringContaining('api_keys:write') });
      expect((await get('/api-keys', key).expect(403)).body.error.message).toContain('api_keys:read');
      await revoke(adminKeyId, key).expect(403);
      await get('/users/me', ws.admin.key).expect(200);
      await get('/tickets', key).expect(200);
    });

    it('granted api_keys:*, mints children that expire with it unless told earlier, and never later', async () => {
      const ws = await createWorkspace(t.app, 'Expiring');
      const expiresAt = new Date(Date.now() + 120_000);
      const parent = await post('/api-keys', ws.agent.key, {
        name: 'expiring manager',
        scopes: ['tickets:read', 'api_keys:read', 'api_keys:write'],
        expires_at: expiresAt.toISOString(),
      }).expect(201);
      const key: string = parent.body.data.key;

      const inherited = await post('/api-keys', key, { name: 'child' }).expect(201);
      expect(inherited.body.data).toMatchObject({
        expires_at: expiresAt.toISOString(),
        scopes: ['tickets:read', 'api_keys:read', 'api_keys:write'],
      });

      const earlier = new Date(Date.now() + 60_000).toISOString();
      expect((await post('/api-keys', key, { name: 'earlier', expires_at: earlier }).expect(201)).body.data.expires_at).toBe(earlier);

      const later = await post('/api-keys', key, { name: 'later', expires_at: new Date(Date.now() + 3_600_000).toISOString() }).expect(400);
      expect(later.body.error).toMatchObject({
        code: 'validation_failed',
        details: [{ field: 'expires_at', message: expect.stringContaining(expiresAt.toISOString()) }],
      });
      // null is "never": later than any expiry, so only a key that never expires may ask for it.
      const never = await post('/api-keys', key, { name: 'never', expires_at: null }).expect(400);
      expect(never.body.error.details).toEqual([{ field: 'expires_at', message: expect.stringContaining('null means never') }]);
      expect((await post('/api-keys', ws.agent.key, { name: 'forever', expires_at: null }).expect(201)).body.data.expires_at).toBeNull();

      // Scopes only narrow: not even the creator's own role widens a narrowed key's child.
      const wider = await post('/api-keys', key, { name: 'wider', scopes: ['tickets:write'] }).expect(403);
      expect(wider.body.error.message).toContain('tickets:write');
    });

    it('lists and revokes only its own user’s keys, unless its user is an admin', async () => {
      const ws = await createWorkspace(t.app, 'Reach');
      const agentManager = await post('/api-keys', ws.agent.key, {
        name: 'agent keys',
        scopes: ['api_keys:read', 'api_keys:write'],
      }).expect(201);
      const listed = await get('/api-keys', agentManager.body.data.key).expect(200);
      expect(new Set(listed.body.data.map((k: { created_by: string }) => k.created_by))).toEqual(new Set([ws.agent.userId]));
      const viewerKey = (await get('/api-keys', ws.viewer.key).expect(200)).body.data[0].id;
      await revoke(viewerKey, agentManager.body.data.key).expect(404);

      const adminManager = await post('/api-keys', ws.admin.key, {
        name: 'admin keys',
        scopes: ['api_keys:read', 'api_keys:write'],
      }).expect(201);
      const all = await get('/api-keys', adminManager.body.data.key).expect(200);
      expect(new Set(all.body.data.map((k: { created_by: string }) => k.created_by))).toEqual(
        new Set([ws.admin.userId, ws.agent.userId, ws.viewer.userId]),
      );
      await revoke(viewerKey, adminManager.body.data.key).expect(204);
    });
  });

  describe('caps on minting', () => {
    it('stops a chain of keys, each minting the next, after 30 keys in an hour (429 with Retry-After)', async () => {
      const ws = await createWorkspace(t.app, 'Chain');
      let key = ws.viewer.key;
      const statuses: number[] = [];
      for (let i = 0; i < 31; i++) {
        const res = await post('/api-keys', key, { name: `link ${i}` });
        statuses.push(res.status);
        if (res.status !== 201) {
          expect(res.body.error).toMatchObject({
            code: 'rate_limited',
            details: [{ field: 'api_keys', message: expect.stringContaining('30') }],
          });
          expect(Number(res.headers['retry-after'])).toBeGreaterThan(3500);
          break;
        }
        key = res.body.data.key;
      }
      // The viewer's key from the helper was made in the same hour: it counts as one of the 30.
      expect(statuses).toEqual([...Array(29).fill(201), 429]);
      // Revoking does not give creations back.
      const mine = await get('/api-keys?limit=100', key).expect(200);
      for (const { id } of mine.body.data.slice(0, 5)) await revoke(id, ws.viewer.key).expect(204);
      await post('/api-keys', ws.viewer.key, { name: 'after revoking' }).expect(429);
      // Another user of the workspace is not held back.
      await post('/api-keys', ws.agent.key, { name: 'agent' }).expect(201);
    });

    it('refuses a user’s 101st active key with 409, whoever made the others', async () => {
      const ws = await createWorkspace(t.app, 'Hoarder');
      const user = await addUser(t.app, ws.admin.workspaceId, 'agent', email());
      // Made long ago, as the CLI would: only the active cap applies to them.
      const tx = t.app.get(TransactionRunner);
      await tx.run(async (manager) => {
        for (let i = 0; i < 99; i++)
          await t.app.get(ApiKeysService).issueIn(manager, { workspaceId: user.workspaceId, userId: user.userId, name: `old ${i}` });
        await tx.query(manager, 'UPDATE api_keys SET created_at = created_at - 7200000 WHERE user_id = ?', [user.userId]);
      });
      const full = await post('/api-keys', user.key, { name: 'one too many' }).expect(409);
      expect(full.body.error).toMatchObject({
        code: 'conflict',
        message: expect.stringContaining('100 active'),
        details: [{ field: 'api_keys', message: expect.any(String) }],
      });
      // A revoked key frees its place.
      const listed = await get('/api-keys?limit=1', user.key).expect(200);
      await revoke(listed.body.data[0].id, user.key).expect(204);
      await post('/api-keys', user.key, { name: 'in its place' }).expect(201);
    });
  });

  it('shows the bootstrap key by a prefix as short as a generated key’s', async () => {
    const keys = await get('/api-keys', t.adminKey).expect(200);
    const generated = await post('/api-keys', t.adminKey, { name: 'generated' }).expect(201);
    const bootstrap = keys.body.data.find((k: { name: string }) => k.name === 'Admin key');
    expect(bootstrap.prefix).toBe(t.adminKey.slice(0, generated.body.data.prefix.length));
    expect(bootstrap.prefix.length).toBeLessThanOrEqual(12);
  });
});
