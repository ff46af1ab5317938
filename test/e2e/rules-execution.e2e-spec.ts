import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { ROUTING_RULE_EXAMPLE } from '../../libs/automation/src/rule.example';
import { addUser, bearer, createWorkspace, Session, startTestApp, TestApp } from '../helpers/test-app';
import { postgresApis } from '../helpers/postgres-apis';
import type { ServerProcess } from '../helpers/processes';
import { isPostgresRun } from '../helpers/test-database';
import { signatureHeaders, startReceiver, WebhookReceiver } from '../helpers/webhook-receiver';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

// Contract §11 "Execution": rules run inside the write that triggers them, so the response
// already shows their effect; their events, run log, failures, notes and webhooks.
describe('rules execution', () => {
  let t: TestApp;
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    t = await startTestApp({
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      NOTIFICATION_ALLOWED_HOSTS: '127.0.0.1',
      WEBHOOK_RETRY_DELAYS: '0.2,0.2',
    });
  });
  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.close()));
    await t.close();
  });

  /** The answer's `data`, after checking its status (the body shows in a failure). */
  const send = (method: 'post' | 'patch', s: Session, path: string, body: object, status: number) =>
    t.http[method](`/api/v1${path}`)
      .set(bearer(s.key))
      .send(body)
      .expect((res) => expect([res.status, res.body]).toEqual([status, expect.anything()]))
      .then((res) => res.body.data as Json);
  const post = (s: Session, path: string, body: object, status: number) => send('post', s, path, body, status);
  const patch = (s: Session, path: string, body: object) => send('patch', s, path, body, 200);
  const get = async (s: Session, path: string) => (await t.http.get(`/api/v1${path}`).set(bearer(s.key)).expect(200)).body;
  const rule = (s: Session, body: Json) => post(s, '/rules', { conditions: { all: [], any: [] }, ...body }, 201);
  const events = async (s: Session, after: string) =>
    ((await get(s, `/events?order=asc&limit=100&created_after=${encodeURIComponent(after)}`)).data as Json[]).filter(
      (event) => !event.type.startsWith('rule.') && !event.type.startsWith('team.') && !event.type.startsWith('customer.'),
    );
  const receiver = async () => {
    const r = await startReceiver();
    receivers.push(r);
    return r;
  };
  const runsOf = async (ruleId: string): Promise<Json[]> =>
    t.app
      .get(DataSource)
      .query(`SELECT * FROM rule_runs WHERE rule_id = '${ruleId}' ORDER BY created_at`)
      .then((rows: Json[]) =>
        rows.map((row) => ({ ...row, actions: typeof row.actions === 'string' ? JSON.parse(row.actions) : row.actions })),
      );

  describe('routing (the issue’s done-when)', () => {
    let ws: Record<'admin' | 'agent' | 'viewer', Session>;
    let agents: Session[];
    let priority: Json;
    let billing: Json;
    let vip: Json;
    let refund: Json;

    beforeAll(async () => {
      ws = await createWorkspace(t.app, 'Routing');
      agents = [ws.agent, await addUser(t.app, ws.admin.workspaceId, 'agent', 'a2@routing.test')];
      priority = await post(
        ws.admin,
        '/teams',
        { name: 'Priority', assignment_method: 'round_robin', member_ids: agents.map((a) => a.userId) },
        201,
      );
      billing = await post(ws.admin, '/teams', { name: 'Billing', assignment_method: 'round_robin', member_ids: [agents[1].userId] }, 201);
      vip = await rule(ws.admin, {
        name: 'VIP customers',
        events: ['ticket.created'],
        conditions: { all: [{ field: 'customer.email_domain', operator: 'in', value: ['acme.com'] }], any: [] },
        actions: [
          { type: 'set_team', team_id: priority.id },
          { type: 'set_priority', priority: 'high' },
          { type: 'add_tags', tags: ['vip'] },
        ],
      });
      refund = await rule(ws.admin, {
        name: 'Refunds',
        events: ['ticket.created'],
        conditions: ROUTING_RULE_EXAMPLE.conditions,
        actions: [
          { type: 'set_team', team_id: billing.id },
          { type: 'add_tags', tags: ['billing'] },
          { type: 'add_note', body: 'Refund request: check the payment first.' },
        ],
      });
    });

    it('routes a POST /tickets in the same response, with the rules’ events after the caller’s', async () => {
      const since = new Date().toISOString();
      const first = await post(ws.agent, '/tickets', { subject: 'Cannot log in', customer_email: 'sam@acme.com' }, 201);
      expect(first).toMatchObject({ team_id: priority.id, priority: 'high', tags: ['vip'] });
      const second = await post(ws.agent, '/tickets', { subject: 'Also me', customer_email: 'kim@acme.com' }, 201);
      // Round robin hands the two Priority tickets to the two members.
      expect([first.assignee_id, second.assignee_id].sort()).toEqual(agents.map((a) => a.userId).sort());

      const log = await events(ws.admin, since);
      const mine = log.filter((event) => event.data.id === first.id);
      expect(mine.map((event) => [event.type, event.actor.type, event.actor.rule_id])).toEqual([
        ['ticket.created', 'user', null],
        ['ticket.updated', 'automation', vip.id],
        ['ticket.assigned', 'automation', vip.id],
      ]);
      expect(mine[0].actor.id).toBe(ws.agent.userId);
      expect(mine[0].data).toMatchObject({ team_id: null, priority: 'normal', tags: [] });
      expect(mine[1].changes).toEqual({
        priority: { from: 'normal', to: 'high' },
        tags: { from: [], to: ['vip'] },
        team_id: { from: null, to: priority.id },
        assignee_id: { from: null, to: first.assignee_id },
      });
      expect(mine[2].context).toEqual({ method: 'round_robin', team_id: priority.id, rule_id: vip.id });
      expect(await get(ws.agent, `/tickets/${first.id}`)).toMatchObject({ data: { team_id: priority.id, priority: 'high' } });
    });

    it('lets a later rule see what an earlier one left, and logs each run', async () => {
      const created = await post(
        ws.agent,
        '/tickets',
        { subject: 'Billing question', description: 'I want a REFUND please', customer_email: 'lee@acme.com' },
        201,
      );
      // VIP ran first (Priority), then Refunds moved it to Billing: its only member takes it.
      expect(created).toMatchObject({ team_id: billing.id, priority: 'high', tags: ['billing', 'vip'], assignee_id: agents[1].userId });
      const notes = (await get(ws.agent, `/tickets/${created.id}/conversations`)).data as Json[];
      expect(notes.map((n) => [n.type, n.author_type, n.author_id])).toEqual([
        ['reply', 'customer', created.customer_id],
        ['note', 'automation', refund.id],
      ]);
      expect((await get(ws.agent, `/tickets/${created.id}`)).data.first_response_at).toBeNull();
      const [run] = await runsOf(refund.id);
      expect(run).toMatchObject({ ticket_id: created.id, trigger: 'ticket.created', status: 'applied', rule_version: 1 });
      expect(run.actions.map((a: Json) => [a.type, a.status])).toEqual([
        ['set_team', 'applied'],
        ['add_tags', 'applied'],
        ['add_note', 'applied'],
      ]);
      expect(run.actions[0].changes.assignee_id.to).toBe(agents[1].userId);
      const fired = (await get(ws.admin, `/rules/${refund.id}`)).data;
      expect(fired.fire_count).toBe(1);
      expect(fired.last_fired_at).not.toBeNull();
    });

    it('dry-runs set_team with the assignment it would announce', async () => {
      const plain = await post(ws.agent, '/tickets', { subject: 'Dry', customer_email: 'dry@acme.com' }, 201);
      const tried = await post(ws.admin, `/rules/${refund.id}/dry-run`, { ticket_ids: [plain.id], conversation: { body: 'refund!' } }, 200);
      expect(tried.results[0].actions[0]).toMatchObject({
        type: 'set_team',
        status: 'would_apply',
        changes: { team_id: { from: priority.id, to: billing.id } },
      });
      expect(tried.results[0].would_emit.map((e: Json) => e.type)).toEqual(['ticket.updated', 'ticket.assigned', 'conversation.created']);
    });

    it('leaves a ticket no rule matches as the caller made it', async () => {
      const plain = await post(ws.agent, '/tickets', { subject: 'Hello', customer_email: 'pat@example.org' }, 201);
      expect(plain).toMatchObject({ team_id: null, priority: 'normal', tags: [] });
      expect((await get(ws.admin, `/rules/${vip.id}`)).data.fire_count).toBe(4);
    });
  });

  describe('loop protection', () => {
    it('fires two rules that undo each other once each, and a rule’s change starts no pass', async () => {
      const ws = await createWorkspace(t.app, 'Loops');
      const up = await rule(ws.admin, {
        name: 'Up',
        events: ['ticket.updated'],
        conditions: { all: [{ field: 'ticket.priority', operator: 'eq', value: 'low' }], any: [] },
        actions: [{ type: 'set_priority', priority: 'urgent' }],
      });
      const down = await rule(ws.admin, {
        name: 'Down',
        events: ['ticket.updated'],
        conditions: { all: [{ field: 'ticket.priority', operator: 'eq', value: 'urgent' }], any: [] },
        actions: [{ type: 'set_priority', priority: 'low' }],
      });
      const ticket = await post(ws.agent, '/tickets', { subject: 'Loop', customer_email: 'loop@example.com' }, 201);
      const since = new Date().toISOString();
      const changed = await patch(ws.agent, `/tickets/${ticket.id}`, { priority: 'low' });
      // Up made it urgent, Down saw that and made it low again; nobody ran twice.
      expect(changed.priority).toBe('low');
      const log = await events(ws.admin, since);
      expect(log.map((e) => [e.type, e.actor.rule_id, e.changes?.priority?.to])).toEqual([
        ['ticket.updated', null, 'low'],
        ['ticket.updated', up.id, 'urgent'],
        ['ticket.updated', down.id, 'low'],
      ]);
      for (const id of [up.id, down.id]) expect((await get(ws.admin, `/rules/${id}`)).data.fire_count).toBe(1);
      expect((await runsOf(up.id))[0]).toMatchObject({ trigger: 'ticket.updated', trigger_event_id: log[0].id });
    });

    it('ends the pass at a fired rule with stop_processing', async () => {
      const ws = await createWorkspace(t.app, 'Stop');
      const stops = await rule(ws.admin, {
        name: 'Stops',
        events: ['ticket.created'],
        stop_processing: true,
        actions: [{ type: 'add_tags', tags: ['first'] }],
      });
      const later = await rule(ws.admin, { name: 'Later', events: ['ticket.created'], actions: [{ type: 'add_tags', tags: ['second'] }] });
      const ticket = await post(ws.agent, '/tickets', { subject: 'Stop', customer_email: 'stop@example.com' }, 201);
      expect(ticket.tags).toEqual(['first']);
      expect((await get(ws.admin, `/rules/${later.id}`)).data.fire_count).toBe(0);
      // A change of the rules is seen by the very next write.
      await patch(ws.admin, `/rules/${stops.id}`, { enabled: false });
      expect((await post(ws.agent, '/tickets', { subject: 'Go on', customer_email: 'stop@example.com' }, 201)).tags).toEqual(['second']);
    });
  });

  describe('failing actions', () => {
    it('skips what cannot apply, keeps the request 201, records last_error and automation.action_failed', async () => {
      const ws = await createWorkspace(t.app, 'Failing');
      const helper = await addUser(t.app, ws.admin.workspaceId, 'agent', 'leaving@failing.test');
      const hook = await post(ws.admin, '/webhooks', { url: 'http://127.0.0.1:9/x', events: ['ticket.deleted'] }, 201);
      const failing = await rule(ws.admin, {
        name: 'Fragile',
        events: ['ticket.created'],
        actions: [
          { type: 'set_assignee', user_id: helper.userId },
          { type: 'send_webhook', webhook_id: hook.id },
          { type: 'set_priority', priority: 'urgent' },
        ],
      });
      await patch(ws.admin, `/users/${helper.userId}`, { active: false });
      await patch(ws.admin, `/webhooks/${hook.id}`, { active: false });
      const since = new Date().toISOString();
      const ticket = await post(ws.agent, '/tickets', { subject: 'Still works', customer_email: 'f@example.com' }, 201);
      expect(ticket).toMatchObject({ priority: 'urgent', assignee_id: null });
      const after = (await get(ws.admin, `/rules/${failing.id}`)).data;
      expect(after).toMatchObject({ enabled: true, fire_count: 1 });
      expect(after.last_error).toMatch(/user_inactive/);
      expect(after.last_error).toMatch(/webhook_disabled/);
      const failed = (await events(ws.admin, since)).filter((e) => e.type === 'automation.action_failed');
      expect(
        failed.map((e) => [e.actor.type, e.actor.rule_id, e.data.ticket_id, e.data.action_index, e.data.action_type, e.data.code]),
      ).toEqual([
        ['automation', failing.id, ticket.id, 0, 'set_assignee', 'user_inactive'],
        ['automation', failing.id, ticket.id, 1, 'send_webhook', 'webhook_disabled'],
      ]);
      const [run] = await runsOf(failing.id);
      expect(run.status).toBe('partially_failed');
      expect(run.actions.map((a: Json) => [a.status, a.error])).toEqual([
        ['failed', 'user_inactive'],
        ['failed', 'webhook_disabled'],
        ['applied', null],
      ]);
    });
  });

  describe('send_webhook', () => {
    it('delivers a signed automation.triggered to that endpoint only, never to * subscribers', async () => {
      const ws = await createWorkspace(t.app, 'Hooks');
      const targeted = await receiver();
      const everything = await receiver();
      const hook = await post(ws.admin, '/webhooks', { url: targeted.url, events: ['ticket.deleted'] }, 201);
      await post(ws.admin, '/webhooks', { url: everything.url, events: ['*'] }, 201);
      const sender = await rule(ws.admin, {
        name: 'Tell the CRM',
        events: ['ticket.created'],
        actions: [{ type: 'send_webhook', webhook_id: hook.id }],
      });
      const ticket = await post(ws.agent, '/tickets', { subject: 'Hook me', customer_email: 'h@example.com' }, 201);
      const [got] = await targeted.waitFor(1);
      const payload = new Webhook(hook.secret).verify(got.body, signatureHeaders(got.headers)) as Json;
      const [created] = (await events(ws.admin, '1970-01-01T00:00:00Z')).filter((e) => e.type === 'ticket.created');
      const [run] = await runsOf(sender.id);
      expect(payload).toMatchObject({
        type: 'automation.triggered',
        data: { id: ticket.id },
        actor: { type: 'automation', rule_id: sender.id },
        context: { rule_id: sender.id, rule_name: 'Tell the CRM', rule_version: 1, run_id: run.id, trigger_event_id: created.id },
      });
      // The * subscriber gets the ticket's own events, never the addressed one.
      await everything.waitFor(1);
      await new Promise((r) => setTimeout(r, 1500));
      expect(everything.received.map((r) => JSON.parse(r.body).type)).not.toContain('automation.triggered');
      expect(targeted.received).toHaveLength(1);
    });
  });

  describe('notify_channel', () => {
    it('posts the rule’s text, with the template placeholders, to that channel', async () => {
      const ws = await createWorkspace(t.app, 'Notify');
      const slack = await receiver();
      // The channel follows nothing itself: only the rule makes it speak.
      const channel = await post(
        ws.admin,
        '/notification-channels',
        { name: 'urgent', type: 'slack', url: slack.url, events: ['conversation.created'] },
        201,
      );
      await rule(ws.admin, {
        name: 'Shout',
        events: ['ticket.created'],
        conditions: { all: [{ field: 'ticket.priority', operator: 'eq', value: 'urgent' }], any: [] },
        actions: [{ type: 'notify_channel', channel_id: channel.id, text: 'Urgent #{{ticket.number}}: {{ticket.subject}}' }],
      });
      await post(ws.agent, '/tickets', { subject: 'Calm', customer_email: 'n@example.com' }, 201);
      const urgent = await post(
        ws.agent,
        '/tickets',
        { subject: 'Fire & smoke', priority: 'urgent', customer_email: 'n@example.com' },
        201,
      );
      const [message] = await slack.waitFor(1);
      expect(JSON.parse(message.body).text).toBe(`Urgent #${urgent.number}: Fire &amp; smoke`);
      await new Promise((r) => setTimeout(r, 500));
      expect(slack.received).toHaveLength(1);
    });
  });

  describe('teams named by rules', () => {
    it('refuses to delete a team an enabled rule names (409 with the rule ids), and re-checks the rule when enabled', async () => {
      const ws = await createWorkspace(t.app, 'Named');
      const team = await post(ws.admin, '/teams', { name: 'Doomed' }, 201);
      const router = await rule(ws.admin, {
        name: 'Router',
        events: ['ticket.created'],
        actions: [{ type: 'set_team', team_id: team.id }],
      });
      const refused = await t.http.delete(`/api/v1/teams/${team.id}`).set(bearer(ws.admin.key)).expect(409);
      expect(refused.body.error.details).toEqual([expect.objectContaining({ field: 'id', rule_ids: [router.id] })]);
      await patch(ws.admin, `/rules/${router.id}`, { enabled: false });
      await t.http.delete(`/api/v1/teams/${team.id}`).set(bearer(ws.admin.key)).expect(204);
      const enabled = await t.http.patch(`/api/v1/rules/${router.id}`).set(bearer(ws.admin.key)).send({ enabled: true }).expect(404);
      expect(enabled.body.error.details).toEqual([expect.objectContaining({ field: 'actions[0].team_id' })]);
    });
  });

  describe('conversation.created', () => {
    it('runs the rules of a new entry on its ticket', async () => {
      const ws = await createWorkspace(t.app, 'Entries');
      await rule(ws.admin, {
        name: 'Angry',
        events: ['conversation.created'],
        conditions: {
          all: [
            { field: 'conversation.body', operator: 'contains', value: 'lawyer' },
            { field: 'conversation.author_type', operator: 'eq', value: 'customer' },
          ],
          any: [],
        },
        actions: [
          { type: 'set_priority', priority: 'urgent' },
          { type: 'set_status', status: 'pending' },
          { type: 'add_tags', tags: ['escalated'] },
          { type: 'add_note', body: 'Escalate.' },
        ],
      });
      const ticket = await post(ws.agent, '/tickets', { subject: 'Slow', customer_email: 'c@example.com' }, 201);
      await post(ws.agent, `/tickets/${ticket.id}/conversations`, { type: 'reply', body: 'We are on it' }, 201);
      expect((await get(ws.agent, `/tickets/${ticket.id}`)).data.priority).toBe('normal');
      await post(
        ws.agent,
        `/tickets/${ticket.id}/conversations`,
        { type: 'reply', author_type: 'customer', body: 'My LAWYER will call' },
        201,
      );
      expect((await get(ws.agent, `/tickets/${ticket.id}`)).data.priority).toBe('urgent');
      const thread = (await get(ws.agent, `/tickets/${ticket.id}/conversations`)).data as Json[];
      expect(thread.map((n) => n.author_type)).toEqual(['user', 'customer', 'automation']);
      // The maintained totals follow what the rule did (status and tag), not only what the caller did.
      const total = async (query: string) => (await get(ws.agent, `/tickets?limit=1&${query}`)).meta.total;
      expect([await total('status=pending'), await total('status=open'), await total('tag=escalated&status=pending')]).toEqual([1, 0, 1]);
    });
  });
});

// Each API process keeps the enabled rules it read; a change through one reaches every other.
const describePg = isPostgresRun() ? describe : describe.skip;

describePg('rules execution: two API processes on PostgreSQL', () => {
  const { apis, call } = postgresApis('rules');
  const create = async (server: ServerProcess) =>
    (await call(server, 'POST', '/tickets', { subject: 'Seen?', customer_email: 'p@example.com' })).body.data as Json;

  it('applies a rule saved through one process on the next create through the other, and stops when it is disabled', async () => {
    const [a, b] = apis;
    // Both processes have read (and kept) the workspace's rules: none.
    expect((await create(a)).tags).toEqual([]);
    expect((await create(b)).tags).toEqual([]);
    const saved = await call(a, 'POST', '/rules', {
      name: 'Tag all',
      events: ['ticket.created'],
      actions: [{ type: 'add_tags', tags: ['seen'] }],
    });
    expect(saved.status).toBe(201);
    expect((await create(b)).tags).toEqual(['seen']);
    expect((await create(a)).tags).toEqual(['seen']);
    const rule = saved.body.data as Json;
    expect((await call(b, 'PATCH', `/rules/${rule.id}`, { enabled: false })).status).toBe(200);
    expect((await create(a)).tags).toEqual([]);
    expect((await create(b)).tags).toEqual([]);
  });

  it('runs rules on concurrent creates through both processes without a lock cycle', async () => {
    const [a, b] = apis;
    const agents: string[] = [];
    for (let i = 0; i < 2; i++)
      agents.push((await call(a, 'POST', '/users', { email: `c${i}@example.com`, name: `C ${i}`, role: 'agent' })).body.data.id);
    const team = (await call(a, 'POST', '/teams', { name: 'Busy', assignment_method: 'round_robin', member_ids: agents })).body
      .data as Json;
    // Every create fires both rules; half of them also start in the team (its state locked first).
    for (const [name, actions] of [
      ['Count', [{ type: 'add_tags', tags: ['counted'] }]],
      ['Route', [{ type: 'set_team', team_id: team.id }]],
    ] as const) {
      expect((await call(b, 'POST', '/rules', { name, events: ['ticket.created'], actions })).status).toBe(201);
    }
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        call(i % 2 ? a : b, 'POST', '/tickets', {
          subject: `C ${i}`,
          customer_email: `c${i % 5}@example.com`,
          ...(i % 4 < 2 ? { team_id: team.id } : {}),
        }),
      ),
    );
    expect(results.filter((r) => r.status !== 201).map((r) => r.body)).toEqual([]);
    expect(results.every((r) => r.body.data.team_id === team.id && r.body.data.tags.includes('counted'))).toBe(true);
    const counts = new Map<string, number>();
    for (const { body } of results) counts.set(body.data.assignee_id, (counts.get(body.data.assignee_id) ?? 0) + 1);
    expect([...counts.values()]).toEqual([20, 20]);
  }, 60_000);
});
