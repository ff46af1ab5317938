import { DataSource } from 'typeorm';
import { TransactionRunner } from '@relay/database';
import { InvitesService } from '@relay/sessions';
import { bearer, createWorkspace, Session, startTestApp, TestApp } from '../helpers/test-app';

const PASSWORD = 'correct horse battery staple';

interface SignedIn {
  cookie: string;
  csrf: string;
  id: string;
  setCookie: string;
}

// Contract §13: people sign in with a password set through a one-time invite; the browser
// session acts like a key of its user with no scopes, behind a CSRF token.
describe('sessions: passwords, invites, sign-in', () => {
  let t: TestApp;
  let ws: Record<'admin' | 'agent' | 'viewer', Session>;
  let other: Session;

  beforeAll(async () => {
    t = await startTestApp();
    ws = await createWorkspace(t.app, 'People');
    ({ admin: other } = await createWorkspace(t.app, 'Elsewhere'));
  });
  afterAll(() => t.close());

  const emailOf = async (session: Session) =>
    (await t.http.get('/api/v1/users/me').set(bearer(session.key)).expect(200)).body.data.email as string;

  async function invite(userId: string, adminKey = ws.admin.key): Promise<string> {
    const res = await t.http.post(`/api/v1/users/${userId}/invite`).set(bearer(adminKey)).expect(201);
    expect(res.body.data.url).toMatch(/^\/app\/invite\/[\w-]{43}$/);
    return (res.body.data.url as string).slice('/app/invite/'.length);
  }

  const acceptInvite = (token: string, password = PASSWORD) => t.http.post(`/api/v1/auth/invites/${token}`).send({ password });

  async function signIn(email: string, password = PASSWORD): Promise<SignedIn> {
    const res = await t.http.post('/api/v1/auth/sessions').set('User-Agent', 'jest-browser').send({ email, password }).expect(201);
    const setCookie = ([] as string[]).concat(res.headers['set-cookie'])[0];
    return { cookie: setCookie.split(';')[0], csrf: res.body.data.csrf_token, id: res.body.data.id, setCookie };
  }

  /** A user of the workspace with a password, signed in. */
  async function personWithSession(role: 'agent' | 'viewer'): Promise<{ session: Session; email: string; signedIn: SignedIn }> {
    const session = role === 'agent' ? ws.agent : ws.viewer;
    const email = await emailOf(session);
    await acceptInvite(await invite(session.userId)).expect(204);
    return { session, email, signedIn: await signIn(email) };
  }

  it('invite → password → sign in: a HttpOnly, SameSite=Strict cookie that authenticates, and CSRF on writes', async () => {
    const email = await emailOf(ws.agent);
    const before = Date.now();
    const token = await invite(ws.agent.userId);
    await acceptInvite(token, 'too short').expect(400);
    await acceptInvite(token).expect(204);
    // One-time: the same link again is gone.
    expect((await acceptInvite(token).expect(404)).body.error.code).toBe('not_found');

    const res = await t.http
      .post('/api/v1/auth/sessions')
      .set('User-Agent', 'jest-browser')
      .send({ email: email.toUpperCase(), password: PASSWORD })
      .expect(201);
    const setCookie = ([] as string[]).concat(res.headers['set-cookie'])[0];
    expect(setCookie).toMatch(/^relay_session=[\w-]{43}; /);
    const flags = setCookie.split(/;\s*/).slice(1);
    expect(flags).toEqual(expect.arrayContaining(['Path=/', 'HttpOnly', 'SameSite=Strict']));
    expect(flags).not.toContain('Secure'); // plain HTTP here
    expect(res.body.data).toMatchObject({
      user_id: ws.agent.userId,
      workspace_id: ws.agent.workspaceId,
      user_agent: 'jest-browser',
      csrf_token: expect.any(String),
    });
    expect(new Date(res.body.data.expires_at).getTime()).toBeGreaterThan(before + 11 * 3_600_000);
    const cookie = setCookie.split(';')[0];
    const csrf = res.body.data.csrf_token as string;

    const me = await t.http.get('/api/v1/users/me').set('Cookie', cookie).expect(200);
    expect(me.body.data.id).toBe(ws.agent.userId);
    expect(JSON.stringify(me.body)).not.toMatch(/password/);
    expect((await t.http.get('/api/v1/auth/session').set('Cookie', cookie).expect(200)).body.data.csrf_token).toBe(csrf);

    const refused = await t.http.post('/api/v1/tags').set('Cookie', cookie).send({ name: 'csrf-less' }).expect(403);
    expect(refused.body.error.code).toBe('forbidden');
    await t.http.post('/api/v1/tags').set('Cookie', cookie).set('X-CSRF-Token', 'x'.repeat(43)).send({ name: 'csrf-wrong' }).expect(403);
    await t.http.post('/api/v1/tags').set('Cookie', cookie).set('X-CSRF-Token', csrf).send({ name: 'csrf-ok' }).expect(201);

    // Both a cookie and a key: the key alone decides.
    const both = await t.http.get('/api/v1/users/me').set('Cookie', cookie).set(bearer(ws.viewer.key)).expect(200);
    expect(both.body.data.id).toBe(ws.viewer.userId);
    await t.http.get('/api/v1/auth/session').set(bearer(ws.agent.key)).expect(404);

    // Audit events, without secrets.
    const events = (await t.http.get('/api/v1/events?limit=100').set(bearer(ws.admin.key)).expect(200)).body.data as {
      type: string;
      data: { id: string };
    }[];
    const types = events.filter((e) => e.data.id === ws.agent.userId).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['user.signed_in', 'user.password_set']));
    const text = JSON.stringify(events);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain('scrypt');
    expect(text).not.toContain(cookie.split('=')[1]);
  });

  it('answers an unknown email and a wrong password alike: 401 with the same body', async () => {
    const wrongEmail = await t.http
      .post('/api/v1/auth/sessions')
      .send({ email: 'nobody-here@example.com', password: PASSWORD })
      .expect(401);
    const wrongPassword = await t.http
      .post('/api/v1/auth/sessions')
      .send({ email: await emailOf(ws.agent), password: 'not the password at all' })
      .expect(401);
    const strip = (body: { error: Record<string, unknown> }) => ({ ...body.error, request_id: undefined });
    expect(strip(wrongEmail.body)).toEqual(strip(wrongPassword.body));
    expect(wrongEmail.body.error.code).toBe('unauthorized');
    expect(wrongEmail.headers['set-cookie']).toBeUndefined();
    await t.http.post('/api/v1/auth/sessions').send({ email: 'not-an-email', password: PASSWORD }).expect(400);
  });

  it('acts with the current role: demoted → fewer rights on the next request; deactivated → 401', async () => {
    const { session, signedIn } = await personWithSession('agent');
    const write = () =>
      t.http
        .post('/api/v1/tags')
        .set('Cookie', signedIn.cookie)
        .set('X-CSRF-Token', signedIn.csrf)
        .send({ name: `t-${Date.now()}` });
    await write().expect(201);
    await t.http.patch(`/api/v1/users/${session.userId}`).set(bearer(ws.admin.key)).send({ role: 'viewer' }).expect(200);
    await write().expect(403);
    await t.http.get('/api/v1/tags').set('Cookie', signedIn.cookie).expect(200);
    await t.http.patch(`/api/v1/users/${session.userId}`).set(bearer(ws.admin.key)).send({ active: false }).expect(200);
    expect((await t.http.get('/api/v1/users/me').set('Cookie', signedIn.cookie).expect(401)).body.error.code).toBe('unauthorized');
    // Reactivating does not revive the old session.
    await t.http.patch(`/api/v1/users/${session.userId}`).set(bearer(ws.admin.key)).send({ active: true, role: 'agent' }).expect(200);
    await t.http.get('/api/v1/users/me').set('Cookie', signedIn.cookie).expect(401);
  });

  it('ends every session on a password change; a new invite revokes the previous link', async () => {
    const { session, email, signedIn } = await personWithSession('viewer');
    const first = await invite(session.userId);
    const second = await invite(session.userId);
    await acceptInvite(first, 'another long password').expect(404);
    await t.http.get('/api/v1/users/me').set('Cookie', signedIn.cookie).expect(200);
    await acceptInvite(second, 'another long password').expect(204);
    await t.http.get('/api/v1/users/me').set('Cookie', signedIn.cookie).expect(401);
    await t.http.post('/api/v1/auth/sessions').send({ email, password: PASSWORD }).expect(401);
    await signIn(email, 'another long password');
  });

  it('lists and revokes the own sessions only; signs out', async () => {
    const { email, signedIn: a } = await personWithSession('viewer');
    const b = await signIn(email);
    const list = await t.http.get('/api/v1/auth/sessions').set('Cookie', a.cookie).expect(200);
    expect(list.body.meta).toMatchObject({ total: 2, next_cursor: null });
    expect(list.body.data.map((s: { id: string }) => s.id).sort()).toEqual([a.id, b.id].sort());
    expect(Object.keys(list.body.data[0]).sort()).toEqual(['created_at', 'expires_at', 'id', 'ip', 'last_seen_at', 'user_agent']);

    // Another user's session id is not found, for a session and for a key alike.
    await t.http.delete(`/api/v1/auth/sessions/${b.id}`).set(bearer(ws.admin.key)).expect(404);
    await t.http.delete(`/api/v1/auth/sessions/${b.id}`).set(bearer(other.key)).expect(404);
    await t.http.delete(`/api/v1/auth/sessions/${b.id}`).set('Cookie', a.cookie).expect(403); // no CSRF token
    await t.http.delete(`/api/v1/auth/sessions/${b.id}`).set('Cookie', a.cookie).set('X-CSRF-Token', a.csrf).expect(204);
    await t.http.get('/api/v1/users/me').set('Cookie', b.cookie).expect(401);

    const out = await t.http.delete('/api/v1/auth/session').set('Cookie', a.cookie).set('X-CSRF-Token', a.csrf).expect(204);
    expect(([] as string[]).concat(out.headers['set-cookie'])[0]).toMatch(/^relay_session=; .*Max-Age=0/);
    await t.http.get('/api/v1/users/me').set('Cookie', a.cookie).expect(401);
  });

  it('lets only admins invite, and only users of their own workspace', async () => {
    await t.http.post(`/api/v1/users/${ws.viewer.userId}/invite`).set(bearer(ws.agent.key)).expect(403);
    const foreign = await t.http.post(`/api/v1/users/${other.userId}/invite`).set(bearer(ws.admin.key)).expect(404);
    expect(foreign.body.error.code).toBe('not_found');
    await t.http.post('/api/v1/auth/invites/not-a-real-token-at-all').send({ password: PASSWORD }).expect(404);
  });

  it('sets a password for the CLI (user:set-password): sessions end, the new password signs in', async () => {
    const { email, signedIn } = await personWithSession('viewer');
    const passwords = t.app.get(InvitesService);
    await expect(passwords.setPassword(email, 'short')).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(passwords.setPassword('nobody-at-all@example.com', 'a long enough password')).rejects.toMatchObject({ code: 'not_found' });
    const user = await passwords.setPassword(email.toUpperCase(), 'set from the command line', ws.viewer.workspaceId);
    expect(user.id).toBe(ws.viewer.userId);
    await t.http.get('/api/v1/users/me').set('Cookie', signedIn.cookie).expect(401);
    await signIn(email, 'set from the command line');
  });

  it('ends a session left idle past SESSION_IDLE_HOURS', async () => {
    const { signedIn } = await personWithSession('viewer');
    await t.http.get('/api/v1/users/me').set('Cookie', signedIn.cookie).expect(200);
    const thirteenHoursAgo = Date.now() - 13 * 3_600_000;
    await t.app
      .get(TransactionRunner)
      .query(t.app.get(DataSource).manager, 'UPDATE user_sessions SET last_seen_at = ? WHERE id = ?', [thirteenHoursAgo, signedIn.id]);
    await t.http.get('/api/v1/users/me').set('Cookie', signedIn.cookie).expect(401);
  });
});

describe('sessions: failed sign-ins are limited', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Behind a trusted proxy that terminated TLS: the cookie must be Secure.
    t = await startTestApp({ AUTH_ATTEMPTS_PER_15_MIN: '10', TRUST_PROXY: 'loopback' });
  });
  afterAll(() => t.close());

  it('answers the 11th attempt within 15 minutes with 429 and Retry-After, even with the right password', async () => {
    const ws = await createWorkspace(t.app, 'Limits');
    const email = (await t.http.get('/api/v1/users/me').set(bearer(ws.viewer.key)).expect(200)).body.data.email;
    const url = (await t.http.post(`/api/v1/users/${ws.viewer.userId}/invite`).set(bearer(ws.admin.key)).expect(201)).body.data
      .url as string;
    await t.http
      .post(`/api/v1/auth/invites/${url.split('/').pop()}`)
      .send({ password: PASSWORD })
      .expect(204);
    // A right password does not count.
    const https = await t.http
      .post('/api/v1/auth/sessions')
      .set('X-Forwarded-Proto', 'https')
      .send({ email, password: PASSWORD })
      .expect(201);
    expect(([] as string[]).concat(https.headers['set-cookie'])[0].split(/;\s*/)).toContain('Secure');
    for (let i = 0; i < 10; i++)
      await t.http
        .post('/api/v1/auth/sessions')
        .send({ email, password: `wrong password ${i}` })
        .expect(401);
    const limited = await t.http.post('/api/v1/auth/sessions').send({ email, password: PASSWORD }).expect(429);
    expect(limited.body.error.code).toBe('rate_limited');
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(900);
  });
});
