import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * One owner per table (docs/architecture.md): a module's repository is the only code that
 * touches its tables; another module asks the owner (a service or repository method, a port the
 * lower module declares and the owner binds, or a SQL fragment the owner defines for a hot-path
 * join). This check reads every lib's and app's TypeScript (migrations excepted: they are
 * snapshots of the schema) and fails when a file names another module's table in SQL or queries
 * another module's entity through the ORM.
 */
const OWNERS: Record<string, string> = {
  system_settings: 'database',
  workspaces: 'workspaces',
  users: 'users',
  api_keys: 'api-keys',
  customers: 'customers',
  tags: 'tags',
  tickets: 'tickets',
  ticket_counters: 'tickets',
  ticket_tags: 'tickets',
  ticket_status_counts: 'tickets',
  tag_status_counts: 'tickets',
  ticket_listing_versions: 'tickets',
  ticket_search: 'tickets',
  ticket_search_generations: 'tickets',
  ticket_search_pending: 'tickets',
  conversations: 'conversations',
  events: 'events',
  outbox_checkpoints: 'events',
  webhook_endpoints: 'webhooks',
  webhook_deliveries: 'webhooks',
  idempotency_keys: 'idempotency',
  notification_channels: 'notifications',
  user_sessions: 'sessions',
  user_invites: 'sessions',
  teams: 'teams',
  team_members: 'teams',
  team_assignment_states: 'teams',
  rules: 'automation',
  rule_runs: 'automation',
  jobs: 'jobs',
};

/**
 * The only places a module names another's table, each with why it cannot ask the owner.
 * An entry no longer needed fails the check too, so the list only shrinks.
 */
const ALLOWED: { file: string; table: string; why: string }[] = [
  {
    file: 'libs/sessions/src/session-authenticator.ts',
    table: 'users',
    why: 'every request signed in with a cookie resolves session and user in one indexed join, as API keys do',
  },
  {
    file: 'libs/api-keys/src/api-key-authenticator.ts',
    table: 'users',
    why: 'every authenticated request resolves key and user in one indexed join; two queries would add a round trip to every request',
  },
  {
    file: 'libs/tickets/src/search/ticket-search-rewriter.ts',
    table: 'conversations',
    why: "a ticket's search document is its subject and its thread (migration TicketSearchDocuments); conversations sit above tickets, so tickets cannot ask them",
  },
  {
    file: 'libs/tickets/src/bulk/ticket-bulk-writer.ts',
    table: 'conversations',
    why: 'the triggers the tickets module put on conversations (search documents, listing version) are checked by name before a bulk load skips them',
  },
  {
    file: 'libs/notifications/src/delivery/channel-target.ts',
    table: 'webhook_deliveries',
    why: 'notification channels deliver through the webhooks delivery engine and its table (issue 15)',
  },
  {
    file: 'libs/notifications/src/delivery/channel-target.ts',
    table: 'events',
    why: "a channel's oldest pending delivery is found in event order, which only the outbox's (created_at, id) gives; a claim query the events module offered would remove it",
  },
  {
    file: 'libs/webhooks/src/delivery/delivery-dispatcher.ts',
    table: 'events',
    why: 'a claimed batch of deliveries loads its events by id in one query; an OutboxReader method for it would remove it',
  },
];

const ROOT = join(__dirname, '..', '..', '..');
const SQL_TABLE = /\b(?:FROM|JOIN|INTO|UPDATE|TABLE|ANALYZE)\s+(?:"?public"?\.)?"?([a-z_][a-z0-9_]*)"?/gi;
const REGCLASS = /'([a-z_][a-z0-9_]*)'::regclass/g;
const QB_FROM = /\.from\(\s*'([a-z_][a-z0-9_]*)'/g;
/** An entity class as the target of an ORM call or of the runner's fast path (`tx.select(manager, Entity, …)`). */
const ENTITY_TARGET =
  /\b(?:find|findOne|findOneBy|findBy|exists|existsBy|insert|update|delete|save|count|countBy|createQueryBuilder|getRepository|InjectRepository|forFeature|into|from|getMetadata)\(\s*\[?\s*([A-Z][A-Za-z0-9]*)\b|\b(?:select|insert|update)\(\s*[a-z][A-Za-z0-9.]*\s*,\s*([A-Z][A-Za-z0-9]*)\b/g;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'migrations' ? [] : sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** `libs/<name>/…` → name; apps own no table. */
function moduleOf(file: string): string {
  const [floor, name] = file.split('/');
  return floor === 'libs' ? name : `app ${name}`;
}

const files = [...sources(join(ROOT, 'libs')), ...sources(join(ROOT, 'apps'))].map((path) => ({
  file: relative(ROOT, path).split('\\').join('/'),
  text: readFileSync(path, 'utf8'),
}));

/** Entity class name → table, from every `@Entity('table') export class X`. */
const ENTITIES = new Map(
  files.flatMap(({ text }) =>
    [...text.matchAll(/@Entity\('([a-z_][a-z0-9_]*)'\)\s*export class ([A-Z][A-Za-z0-9]*)/g)].map((m) => [m[2], m[1]] as const),
  ),
);

function tablesTouched(text: string): Set<string> {
  const tables = new Set<string>();
  for (const pattern of [SQL_TABLE, REGCLASS, QB_FROM]) for (const match of text.matchAll(pattern)) tables.add(match[1].toLowerCase());
  for (const match of text.matchAll(ENTITY_TARGET)) {
    const table = ENTITIES.get(match[1] ?? match[2]);
    if (table) tables.add(table);
  }
  return new Set([...tables].filter((table) => table in OWNERS));
}

describe('one owner per table', () => {
  it('every table the migrations create has an owner', () => {
    const migrations = readdirSync(join(__dirname, 'migrations')).map((name) => readFileSync(join(__dirname, 'migrations', name), 'utf8'));
    const created = new Set(
      migrations.flatMap((text) => [
        ...[...text.matchAll(/new Table\(\{\s*name: '([a-z_]+)'/g)].map((m) => m[1]),
        ...[...text.matchAll(/CREATE (?:VIRTUAL )?TABLE (?:IF NOT EXISTS )?([a-z_]+)\b/g)].map((m) => m[1]),
      ]),
    );
    expect(created.size).toBeGreaterThan(10);
    expect([...created].filter((table) => !(table in OWNERS))).toEqual([]);
  });

  it('knows the entities, so ORM access counts as touching a table', () => {
    expect(ENTITIES.get('Ticket')).toBe('tickets');
    expect(ENTITIES.get('Customer')).toBe('customers');
  });

  it("no module names another module's table, in SQL or through its entity", () => {
    const trespasses: string[] = [];
    const used = new Set<string>();
    for (const { file, text } of files) {
      for (const table of tablesTouched(text)) {
        if (OWNERS[table] === moduleOf(file)) continue;
        const allowed = ALLOWED.findIndex((entry) => entry.file === file && entry.table === table);
        if (allowed >= 0) used.add(`${file} ${table}`);
        else trespasses.push(`${file} touches ${table} (owned by ${OWNERS[table]})`);
      }
    }
    expect(trespasses).toEqual([]);
    expect(ALLOWED.map((entry) => `${entry.file} ${entry.table}`).filter((entry) => !used.has(entry))).toEqual([]);
  });

  it('catches a trespass written either way', () => {
    expect([...tablesTouched("manager.query('UPDATE tickets SET updated_at = ? WHERE id = ?')")]).toEqual(['tickets']);
    expect([...tablesTouched('await manager.findOneBy(User, { id })')]).toEqual(['users']);
    expect([...tablesTouched("qb.select('COUNT(*)', 'n').from('tickets', 't')")]).toEqual(['tickets']);
    expect([...tablesTouched('await this.tx.select(manager, Customer, "id = ?", [id])')]).toEqual(['customers']);
  });
});
