import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ApiError, ErrorCode, newId } from '@relay/common';
import { TransactionRunner } from '@relay/database';
import { ApiKeysService } from '@relay/api-keys';
import { User, UsersService } from '@relay/users';
import { Workspace, WorkspaceProvisioningService } from '@relay/workspaces';
import { bulkInsert, CONVERSATIONS, CUSTOMERS, TICKET_TAGS, TICKETS } from './bulk-insert';
import { CONVERSATION_COLUMNS, customerCreatedAt, DEMO_TAG_NAMES, DemoTicketGenerator, GeneratedBatch, Person, SeedPlan, TICKET_COLUMNS } from './demo-generator';
import { Random } from './random';
import { SeedIds } from './seed-ids';
import { EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES } from './word-lists';

const DAY = 86_400_000;
/** Tickets per transaction: with their threads and tags that is about ten thousand rows. */
const TICKETS_PER_TRANSACTION = 2000;
const CUSTOMERS_PER_TRANSACTION = 10_000;
const TICKET_ID = TICKET_COLUMNS.indexOf('id');
const TICKET_SUBJECT = TICKET_COLUMNS.indexOf('subject');
const CONVERSATION_TICKET = CONVERSATION_COLUMNS.indexOf('ticket_id');
const CONVERSATION_BODY = CONVERSATION_COLUMNS.indexOf('body');

export interface SeedOptions {
  tickets: number;
  customers: number;
  agents: number;
  workspaceId?: string;
  /** PRNG seed, for reproducible data. */
  seed?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface SeedResult {
  database: 'sqlite' | 'postgres';
  workspace_id: string;
  workspace_created: boolean;
  agents: number;
  customers: number;
  tags: number;
  tickets: number;
  conversations: number;
  ticket_tags: number;
  first_number: number;
  last_number: number;
  elapsed_seconds: number;
  user_id: string;
  api_key: string;
  admin_api_key?: string;
}

/**
 * Bulk demo data straight through the data layer: multi-row INSERTs in transactions of a few
 * thousand rows, each transaction self-consistent (its tickets, threads, tag links and tag
 * counts commit together; numbers are reserved up front). No events are written: seeded
 * history must not fire a million webhooks.
 */
@Injectable()
export class DemoSeeder {
  private readonly postgres: boolean;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly provisioning: WorkspaceProvisioningService,
    private readonly users: UsersService,
    private readonly apiKeys: ApiKeysService,
  ) {
    this.postgres = tx.isPostgres;
  }

  async seed(options: SeedOptions): Promise<SeedResult> {
    const started = performance.now();
    const random = new Random(options.seed);
    const ids = new SeedIds(random);
    const restore = await this.tuneSession();
    try {
      const { workspaceId, adminKey } = await this.workspace(options.workspaceId);
      const agents = await this.agents(workspaceId, options.agents);
      const tagIds = await this.tags(workspaceId);
      const now = Date.now();
      const spanMs = 365 * DAY;
      const plan: SeedPlan = {
        workspaceId,
        agents: agents.map(({ user, first }) => ({ id: user.id, first })),
        customers: [],
        customerSince: now - spanMs - 30 * DAY,
        tagIds,
        firstNumber: 0,
        total: options.tickets,
        now,
        spanMs,
      };
      plan.customers = await this.customers(plan, options.customers, random, ids);
      plan.firstNumber = await this.reserveNumbers(workspaceId, options.tickets);
      const written = await this.tickets(plan, random, ids, options.onProgress);
      await this.analyze();
      return {
        database: this.postgres ? 'postgres' : 'sqlite',
        workspace_id: workspaceId,
        workspace_created: adminKey !== undefined,
        agents: agents.length,
        customers: plan.customers.length,
        tags: tagIds.size,
        tickets: options.tickets,
        conversations: written.conversations,
        ticket_tags: written.ticketTags,
        first_number: plan.firstNumber,
        last_number: plan.firstNumber + options.tickets - 1,
        elapsed_seconds: Math.round((performance.now() - started) / 10) / 100,
        user_id: agents[0].user.id,
        api_key: agents[0].secret,
        ...(adminKey ? { admin_api_key: adminKey } : {}),
      };
    } finally {
      await restore();
    }
  }

  /** `?` placeholders become `$n` on PostgreSQL. */
  private sql(text: string): string {
    let n = 0;
    return this.postgres ? text.replace(/\?/g, () => `$${++n}`) : text;
  }

  /**
   * SQLite: no fsync per commit and a large page cache, for this process only (a crash during a
   * seed may lose the seed, not the database's integrity in WAL mode). PostgreSQL sets
   * `synchronous_commit = off` per transaction instead, since pooled connections are reused.
   */
  private async tuneSession(): Promise<() => Promise<void>> {
    if (this.postgres) return async () => undefined;
    await this.dataSource.query('PRAGMA synchronous = OFF');
    await this.dataSource.query('PRAGMA cache_size = -262144');
    return async () => {
      await this.dataSource.query('PRAGMA synchronous = NORMAL');
      await this.dataSource.query('PRAGMA cache_size = -2000');
      await this.dataSource.query('PRAGMA wal_checkpoint(TRUNCATE)');
    };
  }

  /** The given workspace, else the oldest one, else a new "Demo" workspace (its admin key is returned). */
  private async workspace(id?: string): Promise<{ workspaceId: string; adminKey?: string }> {
    const repository = this.dataSource.getRepository(Workspace);
    if (id) {
      if (!(await repository.existsBy({ id }))) throw new ApiError(ErrorCode.NotFound, `no workspace ${id}`);
      return { workspaceId: id };
    }
    const [oldest] = await repository.find({ order: { createdAt: 'ASC', id: 'ASC' }, take: 1 });
    if (oldest) return { workspaceId: oldest.id };
    const { workspace, secret } = await this.provisioning.provision({ name: 'Demo', adminEmail: 'admin@demo.example' });
    return { workspaceId: workspace.id, adminKey: secret };
  }

  /** Agents with stable demo emails (re-seeding reuses them), each with a fresh key. */
  private agents(workspaceId: string, count: number): Promise<{ user: User; first: string; secret: string }[]> {
    return this.tx.run(async (manager) => {
      const out = [];
      for (let i = 0; i < count; i++) {
        const first = FIRST_NAMES[i % FIRST_NAMES.length];
        const last = LAST_NAMES[(i * 7) % LAST_NAMES.length];
        const round = Math.floor(i / FIRST_NAMES.length);
        const email = `${emailPart(first)}.${emailPart(last)}${round ? round + 1 : ''}@support.example`;
        const user =
          (await manager.findOneBy(User, { workspaceId, email })) ??
          (await this.users.createIn(manager, workspaceId, { email, name: `${first} ${last}`, role: 'agent' }));
        const { secret } = await this.apiKeys.issueIn(manager, { workspaceId, userId: user.id, name: 'Demo data key' });
        out.push({ user, first, secret });
      }
      return out;
    });
  }

  /** The demo tag names, created where missing (names already taken are reused). */
  private tags(workspaceId: string): Promise<Map<string, string>> {
    return this.tx.run(async (manager) => {
      const now = Date.now();
      for (const name of DEMO_TAG_NAMES) {
        await manager.query(
          this.sql(
            'INSERT INTO tags (id, workspace_id, name, name_key, ticket_count, created_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, ?) ON CONFLICT (workspace_id, name_key) DO NOTHING',
          ),
          [newId('tag'), workspaceId, name, name.toLowerCase(), now, now],
        );
      }
      const rows: { id: string; name_key: string }[] = await manager.query(
        this.sql(`SELECT id, name_key FROM tags WHERE workspace_id = ? AND name_key IN (${DEMO_TAG_NAMES.map(() => '?').join(', ')})`),
        [workspaceId, ...DEMO_TAG_NAMES.map((name) => name.toLowerCase())],
      );
      return new Map(rows.map((row) => [row.name_key, row.id]));
    });
  }

  /** Customers arriving steadily over the span; emails numbered past the workspace's count, so re-seeding does not collide. */
  private async customers(plan: SeedPlan, count: number, random: Random, ids: SeedIds): Promise<Person[]> {
    const [{ n }] = await this.dataSource.query(this.sql('SELECT COUNT(*) AS n FROM customers WHERE workspace_id = ?'), [plan.workspaceId]);
    const base = Number(n);
    const people: Person[] = [];
    for (let start = 0; start < count; start += CUSTOMERS_PER_TRANSACTION) {
      const rows: unknown[][] = [];
      for (let j = start; j < Math.min(count, start + CUSTOMERS_PER_TRANSACTION); j++) {
        const first = random.pick(FIRST_NAMES);
        const last = random.pick(LAST_NAMES);
        const serial = base + j + 1;
        // Some people type their address capitalised; lookups must still find them.
        const [a, b] = random.chance(0.1) ? [capitalised(first), capitalised(last)] : [emailPart(first), emailPart(last)];
        const email = `${a}.${b}${serial}@${random.pick(EMAIL_DOMAINS)}`;
        const phone = random.chance(0.4) ? `+1 555 ${random.int(100, 999)} ${random.int(1000, 9999)}` : null;
        const createdAt = customerCreatedAt(plan, j, count);
        const id = ids.next('cus');
        rows.push([id, plan.workspaceId, email, email.toLowerCase(), `${first} ${last}`, phone, random.chance(0.3) ? `crm_${serial}` : null, createdAt, createdAt]);
        people.push({ id, first });
      }
      await this.tx.run((manager) => bulkInsert(manager, this.postgres, CUSTOMERS, rows));
    }
    return people;
  }

  /** Reserves `count` consecutive numbers on the workspace's counter; returns the first. */
  private reserveNumbers(workspaceId: string, count: number): Promise<number> {
    return this.tx.run(async (manager) => {
      await manager.query(this.sql('INSERT INTO ticket_counters (workspace_id, value) VALUES (?, 0) ON CONFLICT (workspace_id) DO NOTHING'), [workspaceId]);
      await manager.query(this.sql('UPDATE ticket_counters SET value = value + ? WHERE workspace_id = ?'), [count, workspaceId]);
      const [{ value }] = await manager.query(this.sql('SELECT value FROM ticket_counters WHERE workspace_id = ?'), [workspaceId]);
      return Number(value) - count + 1;
    });
  }

  /**
   * Generating a batch is CPU in this process and inserting it is work in the database server, so
   * on PostgreSQL two batches are in flight at once; SQLite runs in this thread and takes them
   * one by one.
   */
  private async tickets(plan: SeedPlan, random: Random, ids: SeedIds, onProgress?: (done: number, total: number) => void) {
    const generator = new DemoTicketGenerator(plan, random, ids);
    const written = { conversations: 0, ticketTags: 0 };
    const inFlight: Promise<void>[] = [];
    const limit = this.postgres ? 2 : 1;
    const skipTriggers = this.postgres && (await this.triggersSkippable());
    let done = 0;
    for (let from = 0; from < plan.total; from += TICKETS_PER_TRANSACTION) {
      const count = Math.min(TICKETS_PER_TRANSACTION, plan.total - from);
      const batch = generator.batch(from, count);
      written.conversations += batch.conversations.length;
      written.ticketTags += batch.ticketTags.length;
      const write = this.tx
        .run(async (manager) => {
          if (this.postgres) {
            await manager.query('SET LOCAL synchronous_commit = off');
            if (skipTriggers) await manager.query('SET LOCAL session_replication_role = replica');
          } else {
            // SQLite: the counts first. Every statement ending inside the unit's savepoint walks
            // the savepoint's in-memory journal to truncate it, and after the inserts that journal
            // holds every page they touched: the hundred-odd small count statements cost a quarter
            // of a 1M seed there.
            await this.addCounts(manager, plan.workspaceId, batch);
          }
          await bulkInsert(manager, this.postgres, TICKETS, batch.tickets);
          await bulkInsert(manager, this.postgres, CONVERSATIONS, batch.conversations);
          if (skipTriggers) await this.indexForSearch(manager, plan.workspaceId, batch);
          await bulkInsert(manager, this.postgres, TICKET_TAGS, batch.ticketTags);
          // PostgreSQL: the counts last. The shared count rows stay locked until commit, so the
          // batch in flight alongside waits on them for a moment only.
          if (this.postgres) await this.addCounts(manager, plan.workspaceId, batch);
        })
        .then(() => onProgress?.((done += count), plan.total));
      inFlight.push(write);
      if (inFlight.length >= limit) await inFlight.shift();
    }
    await Promise.all(inFlight);
    return written;
  }

  /**
   * Per-row foreign-key checks are a third of a PostgreSQL bulk load, and every reference here
   * is to a row this run just wrote or read (workspace, agents, customers, tags), so they are
   * skipped the way pg_restore does: `session_replication_role = replica` for the seed's
   * transactions. That skips the tables' own triggers too, so only when allowed (superuser or
   * granted) and when every trigger there is one whose work the seeder does itself: the
   * listing-version ones (addListingCounts) and the search ones (indexForSearch).
   */
  private async triggersSkippable(): Promise<boolean> {
    const [{ n }] = await this.dataSource.query(
      `SELECT COUNT(*) AS n FROM pg_trigger WHERE NOT tgisinternal AND tgrelid IN ('tickets'::regclass, 'conversations'::regclass, 'ticket_tags'::regclass) ` +
        `AND tgname NOT LIKE 'ticket\\_listing\\_version\\_%' AND tgname NOT IN ('ticket_search_ai', 'ticket_search_au', 'ticket_search_ad', 'ticket_search_aud')`,
    );
    if (Number(n) > 0) return false;
    try {
      await this.tx.run((manager) => manager.query('SET LOCAL session_replication_role = replica'));
      return true;
    } catch {
      return false;
    }
  }

  /**
   * What the search triggers (migration TicketSearchDocumentsPostgres) do for new tickets, when
   * replica mode skips them: each ticket's document, its subject and whole thread, written once
   * (the triggers write the subject, then rewrite the row and its index entries with the
   * thread), and the workspace's search generation moved, so no search total counted before the
   * batch is served after it.
   */
  private async indexForSearch(manager: EntityManager, workspaceId: string, batch: GeneratedBatch): Promise<void> {
    const texts = new Map<unknown, string>(batch.tickets.map((row) => [row[TICKET_ID], row[TICKET_SUBJECT] as string]));
    for (const row of batch.conversations) texts.set(row[CONVERSATION_TICKET], `${texts.get(row[CONVERSATION_TICKET])} ${row[CONVERSATION_BODY]}`);
    await manager.query(
      `INSERT INTO ticket_search (ticket_id, workspace_id, document) SELECT id, $1, to_tsvector('simple', text) FROM unnest($2::varchar[], $3::text[]) AS d (id, text)`,
      [workspaceId, [...texts.keys()], [...texts.values()]],
    );
    await manager.query('SELECT ticket_search_bump($1)', [workspaceId]);
  }

  private async addCounts(manager: EntityManager, workspaceId: string, batch: GeneratedBatch): Promise<void> {
    await this.addTagCounts(manager, batch.tagCounts);
    await this.addListingCounts(manager, workspaceId, batch);
  }

  /** Tag counts change in the same transaction as the links, as the tickets module does it. */
  private async addTagCounts(manager: EntityManager, counts: Map<string, number>): Promise<void> {
    // A fixed order keeps two concurrent batches from deadlocking on the tag rows.
    for (const [tagId, delta] of [...counts].sort(([a], [b]) => (a < b ? -1 : 1))) {
      await manager.query(this.sql('UPDATE tags SET ticket_count = ticket_count + ? WHERE id = ?'), [delta, tagId]);
    }
  }

  /**
   * The maintained listing totals, as TicketCounts keeps them: tag × status rows, then workspace
   * × status; and the workspace's listing version, which the triggers move unless replica mode
   * skipped them, so no server keeps serving a page rendered before the batch.
   */
  private async addListingCounts(manager: EntityManager, workspaceId: string, batch: GeneratedBatch): Promise<void> {
    const upsert = (table: string, keyColumn: string) =>
      this.sql(
        `INSERT INTO ${table} (${keyColumn}, status, ticket_count) VALUES (?, ?, ?) ` +
          `ON CONFLICT (${keyColumn}, status) DO UPDATE SET ticket_count = ${table}.ticket_count + excluded.ticket_count`,
      );
    for (const [key, delta] of [...batch.tagStatusCounts].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const [tagId, status] = key.split(' ');
      await manager.query(upsert('tag_status_counts', 'tag_id'), [tagId, status, delta]);
    }
    for (const [status, delta] of [...batch.statusCounts].sort(([a], [b]) => (a < b ? -1 : 1))) {
      await manager.query(upsert('ticket_status_counts', 'workspace_id'), [workspaceId, status, delta]);
    }
    await manager.query(
      this.sql('INSERT INTO ticket_listing_versions (workspace_id, version) VALUES (?, 1) ON CONFLICT (workspace_id) DO UPDATE SET version = ticket_listing_versions.version + 1'),
      [workspaceId],
    );
  }

  /** Fresh planner statistics, so the first queries after a bulk load pick the right indexes. */
  private async analyze(): Promise<void> {
    if (this.postgres) {
      await this.dataSource.query('ANALYZE customers, tickets, tags, ticket_tags, conversations, ticket_search');
      return;
    }
    await this.dataSource.query('PRAGMA analysis_limit = 1000');
    await this.dataSource.query('ANALYZE');
  }
}

/** "Müller" → "Muller", "O'Brien" → "Obrien". */
function capitalised(name: string): string {
  const part = emailPart(name);
  return part.charAt(0).toUpperCase() + part.slice(1);
}

/** "Müller" → "muller", "O'Brien" → "obrien": names as they appear in email addresses. */
function emailPart(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}
