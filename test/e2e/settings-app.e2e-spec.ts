// The callbacks given to page.evaluate run in the browser: they are typed against the DOM.
/// <reference lib="dom" />
import { readFileSync, mkdirSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { createTestDatabase, isPostgresRun, TestDatabase } from '../helpers/test-database';
import { freePort, ServerProcess, startApiProcess } from '../helpers/processes';
import { startReceiver, WebhookReceiver } from '../helpers/webhook-receiver';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
// `SCREENSHOTS_DIR=docs/screenshots` refreshes the README's pictures; by default they stay out of the tree.
const SCREENSHOTS = join(__dirname, '..', '..', process.env.SCREENSHOTS_DIR ?? 'test/.tmp/screenshots');
const XSS = '<img src=x onerror=alert(1)>';
const PASSWORD = 'correct horse battery staple';

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * The Settings app (contract §13) in Debian's Chromium, driven by playwright-core, against the
 * built server started as a process: what a person does, and what an attacker tries. One browser,
 * one server; the steps build on each other, in order. Once per CI run (the SQLite pass): the API
 * under it is the same on PostgreSQL, where the sessions suite covers it.
 */
(isPostgresRun() ? describe.skip : describe)('Settings app in a browser', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let receiver: WebhookReceiver;
  let browser: Browser;
  let admin: Page;
  let adminKey: string;
  let agent: Page;
  /** The tickets the rule dry runs are tried on. */
  const tried: Record<'normal' | 'high', { id: string; number: number }> = {} as never;
  const problems: string[] = [];
  const contexts: BrowserContext[] = [];

  const api = (path: string, init: RequestInit & { key?: string } = {}) =>
    fetch(`${server.url}/api/v1${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${init.key ?? adminKey}`, 'Content-Type': 'application/json', ...init.headers },
    });

  /** A fresh browser profile (its own cookies): one person. Any script dialog or CSP report is a failure. */
  async function person(): Promise<Page> {
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 860 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('dialog', (dialog) => {
      if (dialog.type() === 'confirm') return void dialog.accept();
      problems.push(`a script opened a ${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    return page;
  }

  /** axe-core in the page (evaluated over the DevTools protocol: the page's CSP stays on), then a screenshot. */
  async function checkPage(page: Page, name: string): Promise<void> {
    await page.evaluate(AXE_SOURCE);
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: AxeViolation[] }> } }).axe;
      return (await axe.run(document)).violations;
    });
    // Reported after the step (afterEach), so one page's finding does not hide the next page's.
    const serious = violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map(
        (violation) => `${name}: ${violation.id} (${violation.help}) at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
      );
    problems.push(...serious);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  }

  async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
    await page.goto('/app');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel(/^Password/).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
  }

  async function acceptInvite(page: Page, link: string): Promise<void> {
    await page.goto(link);
    await page.getByLabel('New password').fill(PASSWORD);
    await page.getByLabel('Repeat the password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByText('Password set').waitFor();
  }

  /** The secret the page shows once, as the Copy button put it on the clipboard. */
  async function copiedSecret(page: Page): Promise<string> {
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    return page.evaluate(() => navigator.clipboard.readText());
  }

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    database = await createTestDatabase('file');
    receiver = await startReceiver();
    server = await startApiProcess({
      DATABASE_URL: database.url,
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      // The local receiver stands in for Slack on the notification channels page.
      NOTIFICATION_ALLOWED_HOSTS: '127.0.0.1',
      // The first retry well after the test has read the log: the failed attempt stays in view.
      WEBHOOK_RETRY_DELAYS: '600,1800',
      // The suite clicks through an afternoon's pages in a minute: one session's 100 requests a minute would run out.
      RATE_LIMIT_PER_MINUTE: '1000',
    });
    adminKey = /^Relay admin API key: (rly_\S+)$/m.exec(server.stderr())![1];
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await receiver?.close();
    await database?.drop();
  });

  afterEach(() => expect(problems.splice(0)).toEqual([]));

  it('serves /app with the headers of §13, every client route as the page, and no stale asset as a page', async () => {
    for (const path of ['/app', '/app/', '/app/users', '/app/invite/abc']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const csp = response.headers.get('content-security-policy')!;
      for (const directive of ["default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"])
        expect(csp).toContain(directive);
      expect(csp).not.toContain('unsafe-inline');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      const html = await response.text();
      // A fresh nonce per response, the same in the header and the page.
      const nonce = /'nonce-([^']+)'/.exec(csp)![1];
      expect(html).toContain(`<meta name="csp-nonce" content="${nonce}"`);
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    }
    expect((await fetch(`${server.url}/app/assets/gone-1234.js`)).status).toBe(404);
  });

  it('the bootstrap admin sets a password with the link printed at first start, then signs in', async () => {
    const link = /^Relay admin sign-in link \(sets the password, valid 7 days\): (http\S+)$/m.exec(server.stderr())?.[1];
    expect(link).toMatch(new RegExp(`/app/invite/[A-Za-z0-9_-]+$`));
    admin = await person();
    await admin.goto(new URL(link!).pathname);
    await admin.getByRole('heading', { name: 'Choose your password' }).waitFor();
    await checkPage(admin, 'invite');
    await acceptInvite(admin, new URL(link!).pathname);
    await admin.goto('/app');
    await admin.getByRole('heading', { name: 'Sign in to Relay' }).waitFor();
    await checkPage(admin, 'sign-in');
    await signIn(admin, 'admin@relay.local');
    await admin.getByText('No keys yet').or(admin.getByRole('table')).first().waitFor();
  });

  it('creates a scoped key, and the copied secret calls the API with exactly those scopes', async () => {
    await admin.getByLabel('Name').fill('CRM sync');
    await admin.getByRole('checkbox', { name: 'users:read' }).check();
    await admin.getByRole('button', { name: 'Create key' }).click();
    const secret = await copiedSecret(admin);
    expect(secret).toMatch(/^rly_/);
    expect((await api('/users/me', { key: secret })).status).toBe(200);
    expect((await api('/tickets', { key: secret })).status).toBe(403);
    const row = admin.getByRole('row', { name: /CRM sync/ });
    await row.getByText('users:read').waitFor();
    await row.getByText('Never').first().waitFor();
    await checkPage(admin, 'api-keys');

    // An error the API names a field for is shown at that field.
    await admin.getByLabel('Name').fill('x'.repeat(300));
    await admin.getByRole('button', { name: 'Create key' }).click();
    await admin.getByText('must be shorter than or equal to 200 characters').waitFor();
    expect(await admin.getByLabel(/^Name/).getAttribute('aria-invalid')).toBe('true');
    expect(await admin.getByText('Not saved').count()).toBe(0);
  });

  it('a webhook to a local receiver: test ping succeeded; pointed at a dead port: a failed attempt and the next retry', async () => {
    await admin.getByRole('link', { name: 'Webhooks' }).click();
    await admin.getByText('No endpoints yet').waitFor();
    await admin.getByLabel('URL').fill(receiver.url);
    await admin.getByLabel('Description').fill(XSS);
    await admin.getByRole('checkbox', { name: 'ticket.created' }).check();
    await admin.getByRole('button', { name: 'Create endpoint' }).click();
    expect(await copiedSecret(admin)).toMatch(/^whsec_/);
    // The description is text, not markup.
    await admin.getByRole('cell', { name: XSS }).waitFor();
    expect(await admin.locator('main img').count()).toBe(0);
    await checkPage(admin, 'webhooks');

    await admin.getByRole('link', { name: receiver.url }).click();
    await admin.getByText('No deliveries yet').waitFor();
    await admin.getByRole('button', { name: 'Send test ping' }).click();
    await receiver.waitFor(1);
    const log = admin.getByTestId('deliveries');
    await expect(waitForRow(admin, 'succeeded')).resolves.toBeUndefined();
    expect(await log.locator('tr[data-status="succeeded"] td').nth(3).textContent()).toBe('200');

    const dead = await freePort();
    await admin.getByLabel('URL').fill(`http://127.0.0.1:${dead}/hooks`);
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.getByText('Saved.').waitFor();
    await admin.getByRole('button', { name: 'Send test ping' }).click();
    await waitForRow(admin, 'pending', (cells) => cells[2] === '1' && cells[4] !== '—');
    const cells = await log.locator('tr[data-status="pending"] td').allTextContents();
    expect(cells[2]).toBe('1'); // attempts
    expect(cells[4]).not.toBe('—'); // the last error
    expect(Date.parse(cells[5])).not.toBeNaN(); // the next attempt
    const [delivery] = (await (await api(`/webhooks/${admin.url().split('/').pop()}/deliveries?status=pending`)).json()).data;
    expect(delivery).toMatchObject({ attempts: 1, status: 'pending' });
    expect(new Date(delivery.next_attempt_at).getTime()).toBeGreaterThan(Date.now() + 60_000);
    await checkPage(admin, 'webhook-deliveries');
  });

  /** Refreshes the delivery log until a row has this status (and passes `also`). */
  async function waitForRow(page: Page, status: string, also: (cells: string[]) => boolean = () => true): Promise<void> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const row = page.locator(`[data-testid="deliveries"] tr[data-status="${status}"]`).first();
      if ((await row.count()) > 0 && also(await row.locator('td').allTextContents())) return;
      if (Date.now() > deadline) throw new Error(`no ${status} delivery in the log`);
      await page.getByRole('button', { name: 'Refresh' }).click();
      await page.waitForTimeout(250);
    }
  }

  it('invites an agent (a name holding markup shows as text), who sets a password and signs in', async () => {
    await admin.getByRole('link', { name: 'Users' }).click();
    await admin.getByLabel('Name').fill(XSS);
    await admin.getByLabel('Email').fill('agent@example.com');
    await admin.getByLabel('Role').selectOption('agent');
    await admin.getByRole('button', { name: 'Add' }).click();
    await admin.getByRole('cell', { name: XSS }).waitFor();
    expect(await admin.locator('main img').count()).toBe(0);
    await admin.getByRole('button', { name: 'Invite link for agent@example.com' }).click();
    const link = await copiedSecret(admin);
    expect(link).toMatch(new RegExp(`^${server.url}/app/invite/`));
    await checkPage(admin, 'users');

    agent = await person();
    await acceptInvite(agent, new URL(link).pathname);
    await signIn(agent, 'agent@example.com');
    // An agent manages its own keys; webhooks are an admin's.
    expect(await agent.getByRole('link', { name: 'Webhooks' }).count()).toBe(0);
  });

  it('the workspace page names the workspace', async () => {
    await admin.getByRole('link', { name: 'Workspace' }).click();
    await admin.getByText('Default').first().waitFor();
    await admin.getByText('Production').waitFor();
    await checkPage(admin, 'workspace');
  });

  /** The body of a call the test makes with the admin key, failing the test on an error status. */
  async function created<T = { id: string }>(path: string, body: unknown): Promise<T> {
    const response = await api(path, { method: 'POST', body: JSON.stringify(body) });
    expect(response.status).toBe(201);
    return (await response.json()).data as T;
  }

  it("a rule's dry-run shows the failing condition for a ticket, and what the matching one would change", async () => {
    const me = (await (await api('/users/me')).json()).data;
    const team = await created('/teams', { name: 'Billing', assignment_method: 'round_robin', member_ids: [me.id] });
    const normal = (tried.normal = await created<{ id: string; number: number }>('/tickets', {
      subject: 'Invoice copy',
      customer_email: 'pat@example.com',
      priority: 'normal',
      team_id: team.id,
    }));
    const high = (tried.high = await created<{ id: string; number: number }>('/tickets', {
      subject: 'Charged twice',
      customer_email: 'pat@example.com',
      priority: 'high',
      team_id: team.id,
    }));
    await created('/rules', {
      name: 'Urgent billing',
      events: ['ticket.created'],
      conditions: {
        all: [
          { field: 'ticket.priority', operator: 'eq', value: 'high' },
          { field: 'customer.email_domain', operator: 'eq', value: 'example.com' },
        ],
        any: [],
      },
      actions: [{ type: 'set_priority', priority: 'urgent' }],
    });

    await admin.getByRole('link', { name: 'Rules' }).click();
    await admin.getByRole('link', { name: 'Urgent billing' }).click();
    await admin.getByRole('heading', { name: 'Dry run' }).waitFor();
    await admin.getByLabel('Ticket ids').fill(`${normal.id}, ${high.id}`);
    await admin.getByRole('button', { name: 'Run dry run' }).click();
    await admin.getByText('2 ticket(s) tried, 1 matched.').waitFor();

    const failing = admin.getByRole('article', { name: `Ticket #${normal.number}` });
    await failing.getByText('Not matched').waitFor();
    // [condition, field, operator, value, actual, result]
    const failed = await failing.locator('tr[data-result="failed"] td').allTextContents();
    expect(failed).toEqual(['all 1', 'ticket.priority', 'eq', 'high', 'normal', 'failed']);
    expect(await failing.locator('tr[data-result="held"] td').nth(1).textContent()).toBe('customer.email_domain');

    const matching = admin.getByRole('article', { name: `Ticket #${high.number}` });
    await matching.getByText('Matched', { exact: true }).waitFor();
    expect(await matching.locator('tr[data-result="failed"]').count()).toBe(0);
    await matching.getByRole('cell', { name: 'priority: high → urgent' }).waitFor();
    // A dry run writes nothing.
    expect((await (await api(`/tickets/${high.id}`)).json()).data.priority).toBe('high');
    await checkPage(admin, 'rule-dry-run');

    // An error the API names for a condition shows at that condition's value.
    await admin.getByLabel('Operator (all 2)').selectOption('matches');
    await admin.getByLabel('Value (all 2)').fill('(a+)+$');
    await admin.getByRole('button', { name: 'Save rule' }).click();
    const value = admin.getByLabel('Value (all 2)');
    await value.and(admin.locator('[aria-invalid="true"]')).waitFor();
    expect(await admin.getByText('Not saved').count()).toBe(0);
  });

  it('the teams, rules, notification channels and sessions pages', async () => {
    await admin.getByRole('link', { name: 'Teams' }).click();
    await admin
      .getByRole('row', { name: /Billing/ })
      .getByText('Round robin')
      .waitFor();
    await checkPage(admin, 'teams');
    await admin.getByRole('link', { name: 'Billing' }).click();
    await admin.getByRole('cell', { name: 'admin@relay.local', exact: true }).waitFor();
    // The team has open tickets: the API's reason is said in words.
    await admin.getByRole('button', { name: 'Delete team Billing' }).click();
    await admin.getByText(/the team has open or pending tickets: 2 open or pending tickets/).waitFor();
    await admin.getByRole('switch', { name: 'Assignable: admin@relay.local' }).click();
    await admin.getByRole('switch', { name: 'Assignable: admin@relay.local', checked: false }).waitFor();
    const members = (await (await api(`/teams/${admin.url().split('/').pop()}/members`)).json()).data;
    expect(members[0].assignable).toBe(false);
    await checkPage(admin, 'team');

    await admin.getByRole('link', { name: 'Rules' }).click();
    await created('/rules', { name: 'Tag refunds', events: ['ticket.created'], actions: [{ type: 'add_tags', tags: ['refund'] }] });
    await admin.reload();
    await admin.getByRole('button', { name: 'Up Tag refunds' }).click();
    await admin.getByText('"Tag refunds" is now number 1.').waitFor();
    await admin.locator('main tbody tr').first().getByRole('link', { name: 'Tag refunds' }).waitFor();
    const names = await admin.locator('main tbody tr td:nth-child(2) a').allTextContents();
    expect(names).toEqual(['Tag refunds', 'Urgent billing']);
    await admin.getByRole('switch', { name: 'Enabled: Urgent billing' }).click();
    await admin.getByText('"Urgent billing" disabled.').waitFor();
    await checkPage(admin, 'rules');

    await admin.getByRole('link', { name: 'Notification channels' }).click();
    await admin.getByText('No channels yet').waitFor();
    await admin.getByLabel('Name').fill('#escalations');
    await admin.getByLabel('Incoming-webhook URL').fill(receiver.url);
    await admin.getByRole('checkbox', { name: 'ticket.created' }).check();
    await admin.getByRole('checkbox', { name: 'urgent' }).check();
    await admin.getByRole('button', { name: 'Create channel' }).click();
    await admin.getByRole('link', { name: '#escalations' }).waitFor();
    // The URL is a credential: only its hint is shown.
    expect(await admin.getByText(receiver.url).count()).toBe(0);
    await checkPage(admin, 'notification-channels');
    await admin.getByRole('link', { name: '#escalations' }).click();
    await admin.getByText('priorities: urgent').waitFor();
    await admin.getByRole('button', { name: 'Send test message' }).click();
    await waitForRow(admin, 'succeeded');

    // The edit form: an unknown placeholder is refused at the template; then everything saved, the URL kept.
    const channelId = admin.url().split('/').pop();
    const before = (await (await api(`/notification-channels/${channelId}`)).json()).data;
    const template = admin.getByLabel('Message template');
    await template.fill('{{ticket.nope}} happened');
    await admin.getByRole('button', { name: 'Save channel' }).click();
    await template.and(admin.locator('[aria-invalid="true"]')).waitFor();
    await admin.getByText('{{ticket.nope}}', { exact: false }).last().waitFor();
    expect(await admin.getByText('Not saved').count()).toBe(0);
    await template.fill('#{{ticket.number}} {{ticket.subject}}: {{link}}');
    await admin.getByLabel('Name').fill('#escalations-vip');
    const tags = admin.getByRole('combobox', { name: 'Only tickets with one of these tags' });
    await tags.fill('vip');
    await tags.press('Enter');
    await admin.getByRole('checkbox', { name: 'note' }).check();
    await admin.getByLabel('Title link').fill('https://helpdesk.example.com/tickets/{number}');
    await admin.getByRole('button', { name: 'Save channel' }).click();
    await admin.getByText('Saved.').waitFor();
    const after = (await (await api(`/notification-channels/${channelId}`)).json()).data;
    expect(after).toMatchObject({
      name: '#escalations-vip',
      url_hint: before.url_hint,
      template: { text: '#{{ticket.number}} {{ticket.subject}}: {{link}}' },
      link_template: 'https://helpdesk.example.com/tickets/{number}',
      filter: { priorities: ['urgent'], tags_any: ['vip'], conversation_types: ['note'] },
    });
    await admin.getByRole('heading', { name: '#escalations-vip' }).waitFor();
    expect(await admin.getByText(receiver.url).count()).toBe(0);
    await checkPage(admin, 'notification-channel');

    await admin.getByRole('link', { name: 'Sessions' }).click();
    await admin.getByText('This session').waitFor();
    await checkPage(admin, 'sessions');
  });

  it('a pass-mode dry run lists every rule of the pass; a draft is tried unsaved, its mistakes shown at the field', async () => {
    await admin.getByRole('link', { name: 'Rules' }).click();
    await admin.getByRole('link', { name: 'Urgent billing' }).click();
    await admin.getByLabel('Ticket ids').fill(tried.high.id);
    await admin.getByText('The whole pass').click();
    await admin.getByRole('button', { name: 'Run dry run' }).click();
    const pass = admin.getByTestId('dry-run-pass');
    // Disabled, the rule still runs at its position when tried: [position, rule, matched, fired, stopped]
    await pass.getByRole('link', { name: 'Tag refunds' }).waitFor();
    const rows = await pass
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent)));
    expect(rows).toEqual([
      ['1', 'Tag refunds', 'yes', 'yes', '—'],
      ['2', 'Urgent billing', 'yes', 'yes', '—'],
    ]);
    await checkPage(admin, 'rule-dry-run-pass');

    // The draft: a mistake is shown at the form's field, nothing saved.
    await admin.getByLabel('Operator (all 2)').selectOption('matches');
    await admin.getByLabel('Value (all 2)').fill('(a+)+$');
    await admin.getByRole('button', { name: 'Try this draft' }).click();
    await admin.getByLabel('Value (all 2)').and(admin.locator('[aria-invalid="true"]')).waitFor();
    expect(await admin.getByText('Not run', { exact: true }).count()).toBe(0);
    await admin.getByLabel('Operator (all 2)').selectOption('eq');
    await admin.getByLabel('Value (all 2)').fill('example.com');
    // A list value picked from the field's values: the draft now matches the normal ticket too.
    await admin.getByLabel('Operator (all 1)').selectOption('in');
    await admin.getByRole('combobox', { name: 'Value (all 1)' }).click();
    await admin.getByRole('listbox', { name: 'Value (all 1)' }).getByRole('option', { name: 'normal' }).click();
    await admin.getByLabel('Ticket ids').fill(`${tried.normal.id}, ${tried.high.id}`);
    await admin.getByRole('button', { name: 'Try this draft' }).click();
    await admin.getByText('The draft: 2 ticket(s) tried, 2 matched.').waitFor();
    const saved = (await (await api(`/rules/${admin.url().split('/').pop()}`)).json()).data;
    expect(saved.conditions.all[0]).toMatchObject({ operator: 'eq', value: 'high' });
  });

  it('a rule that fired shows its run in the log; a manual rule runs on tickets as a job the page follows', async () => {
    // "Tag refunds" (enabled, on ticket.created, no condition) fires on a new ticket, in its transaction.
    const ticket = await created('/tickets', { subject: 'Refund please', customer_email: 'pat@example.com' });
    await admin.getByRole('link', { name: 'Rules', exact: true }).click();
    await admin.getByRole('link', { name: 'Tag refunds' }).click();
    const run = admin.locator(`tr[data-ticket="${ticket.id}"]`);
    await run.waitFor();
    expect(await run.getAttribute('data-status')).toBe('applied');
    await run.getByText('add_tags', { exact: false }).waitFor();
    await run.getByText('refund', { exact: false }).first().waitFor();
    await checkPage(admin, 'rule-runs');

    const manual = await created('/rules', {
      name: 'Escalate by hand',
      events: ['manual'],
      actions: [{ type: 'set_priority', priority: 'urgent' }],
    });
    await admin.goto(`/app/rules/${manual.id}`);
    await admin.getByRole('button', { name: 'Run on tickets…' }).click();
    const form = admin.getByRole('region', { name: 'Run on tickets' });
    await form.getByLabel('Ticket ids').fill(ticket.id);
    await form.getByRole('button', { name: 'Start run' }).click();
    await form.getByText('Job succeeded: 1 of 1 ticket(s) processed.').waitFor({ timeout: 30_000 });
    expect((await (await api(`/tickets/${ticket.id}`)).json()).data.priority).toBe('urgent');
    // The page read the log again once the job was done.
    await admin.locator(`tr[data-ticket="${ticket.id}"][data-status="applied"]`).waitFor();
    await checkPage(admin, 'rule-manual-run');
  });

  it('a viewer sees read-only pages, and a request forced past them is refused', async () => {
    const created = await (
      await api('/users', { method: 'POST', body: JSON.stringify({ email: 'viewer@example.com', name: 'Vi', role: 'viewer' }) })
    ).json();
    const invite = await (await api(`/users/${created.data.id}/invite`, { method: 'POST' })).json();
    const viewer = await person();
    await acceptInvite(viewer, invite.data.url);
    await signIn(viewer, 'viewer@example.com');
    await viewer.getByRole('link', { name: 'Users' }).click();
    await viewer.getByRole('cell', { name: 'viewer@example.com' }).waitFor();
    expect(await viewer.getByRole('heading', { name: 'Add a person' }).count()).toBe(0);
    expect(await viewer.getByRole('button', { name: /Invite|Deactivate/ }).count()).toBe(0);
    await checkPage(viewer, 'users-viewer');
    await viewer.goto('/app/webhooks');
    await viewer.getByText('Admins only').waitFor();
    // Rules and teams read-only: no write buttons, the form's inputs disabled; the dry run still works.
    await viewer.goto('/app/rules');
    await viewer.getByRole('link', { name: 'Urgent billing' }).click();
    await viewer.getByRole('button', { name: 'Run dry run' }).waitFor();
    expect(await viewer.getByRole('button', { name: /Save rule|Delete|Add condition/ }).count()).toBe(0);
    expect(await viewer.getByLabel('Name').isDisabled()).toBe(true);
    await viewer.goto('/app/teams');
    await viewer.getByRole('link', { name: 'Billing' }).waitFor();
    expect(await viewer.getByRole('button', { name: 'Create team' }).count()).toBe(0);

    // With the session and its CSRF token, as the page itself could: the server says no.
    const forced = await viewer.evaluate(async () => {
      const session = await (await fetch('/api/v1/auth/session')).json();
      const response = await fetch('/api/v1/users', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.data.csrf_token },
        body: JSON.stringify({ email: 'mallory@example.com', name: 'M', role: 'admin' }),
      });
      return response.status;
    });
    expect(forced).toBe(403);
  });

  it('a page of another origin cannot act with the session nor read with it', async () => {
    const evilPort = await freePort();
    const evil: Server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><html lang="en"><title>evil</title>
<form id="f" method="POST" action="${server.url}/api/v1/users" enctype="text/plain"><input name='{"email":"evil-form@example.com","name":"E","role":"admin","x":"' value='"}'></form>
<script>
  window.results = (async () => {
    const out = {};
    try { await fetch('${server.url}/api/v1/users', { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ email: 'evil-fetch@example.com', name: 'E', role: 'admin' }) }); out.post = 'sent'; } catch (e) { out.post = 'blocked'; }
    try { const r = await fetch('${server.url}/api/v1/users/me', { credentials: 'include' }); out.read = await r.text(); } catch (e) { out.read = 'blocked'; }
    return out;
  })();
</script></html>`);
    });
    await new Promise<void>((resolve) => evil.listen(evilPort, '127.0.0.1', resolve));
    try {
      // Another site (localhost is not 127.0.0.1) and the same site on another port: both other origins.
      for (const origin of [`http://localhost:${evilPort}`, `http://127.0.0.1:${evilPort}`]) {
        const page = await admin.context().newPage();
        await page.goto(origin);
        const results = await page.evaluate(() => (window as unknown as { results: Promise<{ post: string; read: string }> }).results);
        expect(results.read).toBe('blocked');
        await Promise.all([page.waitForEvent('load'), page.evaluate(() => (document.getElementById('f') as HTMLFormElement).submit())]);
        await page.close();
      }
    } finally {
      await new Promise((resolve) => evil.close(resolve));
    }
    const emails = (await (await api('/users?limit=100')).json()).data.map((user: { email: string }) => user.email);
    expect(emails).not.toContain('evil-fetch@example.com');
    expect(emails).not.toContain('evil-form@example.com');
    // The admin's own session still works: nothing was lost on the way.
    await admin.reload();
    await admin.getByText('admin@relay.local', { exact: false }).first().waitFor();
  });

  it("a deactivated user's open session gets 401 on its next request, and the app shows the sign-in page", async () => {
    await admin.getByRole('link', { name: 'Users' }).click();
    await admin.getByRole('button', { name: 'Deactivate agent@example.com' }).click();
    await admin
      .getByRole('row', { name: /agent@example.com/ })
      .getByText('Deactivated')
      .waitFor();
    expect(await agent.evaluate(async () => (await fetch('/api/v1/users/me')).status)).toBe(401);
    await agent.getByRole('link', { name: 'Users' }).click();
    await agent.getByRole('heading', { name: 'Sign in to Relay' }).waitFor();
  });

  it('signs out; 20 wrong passwords end in 429, and the page says when to try again', async () => {
    await admin.getByRole('button', { name: 'Sign out' }).click();
    await admin.getByRole('heading', { name: 'Sign in to Relay' }).waitFor();
    expect(await admin.evaluate(async () => (await fetch('/api/v1/users/me')).status)).toBe(401);
    const statuses = await admin.evaluate(async () => {
      const seen: number[] = [];
      for (let i = 0; i < 19; i += 1) {
        const response = await fetch('/api/v1/auth/sessions', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ email: 'admin@relay.local', password: `wrong password ${i}` }),
        });
        seen.push(response.status);
      }
      return seen;
    });
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual(Array(9).fill(429));
    await admin.getByLabel('Email').fill('admin@relay.local');
    await admin.getByLabel(/^Password/).fill('the twentieth wrong one');
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.getByText(/Too many attempts: try again in \d+ minute/).waitFor();
    await checkPage(admin, 'sign-in-rate-limited');
  });
});
