import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApiError, ErrorCode } from '@relay/common';
import { TransactionRunner } from '@relay/database';
import { ApiKeysService } from '@relay/api-keys';
import { ConversationBulkWriter } from '@relay/conversations';
import { CustomersRepository } from '@relay/customers';
import { TagsService } from '@relay/tags';
import { TicketBulkWriter } from '@relay/tickets';
import type { BulkCounts } from '@relay/tickets';
import { User, UsersService } from '@relay/users';
import { WorkspaceProvisioningService, WorkspacesService } from '@relay/workspaces';
import {
  CONVERSATION_COLUMNS,
  customerCreatedAt,
  DEMO_TAG_NAMES,
  DemoTicketGenerator,
  GeneratedBatch,
  Person,
  SeedPlan,
  TICKET_COLUMNS,
} from './demo-generator';
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
 * Bulk demo data through the owners' bulk loads (TicketBulkWriter, ConversationBulkWriter,
 * CustomersRepository, TagsService): multi-row INSERTs in transactions of a few thousand rows,
 * each transaction self-consistent (its tickets, threads, tag links and tag counts commit
 * together; numbers are reserved up front). No events are written: seeded history must not
 * fire a million webhooks.
 */
@Injectable()
export class DemoSeeder {
  private readonly postgres: boolean;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly provisioning: WorkspaceProvisioningService,
    private readonly workspaces: WorkspacesService,
    private readonly users: UsersService,
    private readonly apiKeys: ApiKeysService,
    private readonly tags: TagsService,
    private readonly customerRows: CustomersRepository,
    private readonly tickets: TicketBulkWriter,
    private readonly conversations: ConversationBulkWriter,
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
      const tagIds = await this.demoTags(workspaceId);
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
      plan.firstNumber = await this.tx.run((manager) => this.tickets.reserveNumbers(manager, workspaceId, options.tickets));
      const written = await this.seedTickets(plan, random, ids, options.onProgress);
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
    if (id) {
      if (!(await this.workspaces.exists(id))) throw new ApiError(ErrorCode.NotFound, `no workspace ${id}`);
      return { workspaceId: id };
    }
    const oldest = await this.workspaces.oldest();
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
          (await this.users.findByEmailIn(manager, workspaceId, email)) ??
          (await this.users.createIn(manager, workspaceId, { email, name: `${first} ${last}`, role: 'agent' }));
        const { secret } = await this.apiKeys.issueIn(manager, { workspaceId, userId: user.id, name: 'Demo data key' });
        out.push({ user, first, secret });
      }
      return out;
    });
  }

  /** The demo tag names, created where missing (names already taken are reused). */
  private demoTags(workspaceId: string): Promise<Map<string, string>> {
    return this.tx.run(
      async (manager) =>
        new Map((await this.tags.ensureTags(manager, workspaceId, [...DEMO_TAG_NAMES])).map((tag) => [tag.nameKey, tag.id])),
    );
  }

  /** Customers arriving steadily over the span; emails numbered past the workspace's count, so re-seeding does not collide. */
  private async customers(plan: SeedPlan, count: number, random: Random, ids: SeedIds): Promise<Person[]> {
    const base = await this.customerRows.countInWorkspace(plan.workspaceId);
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
        rows.push([
          id,
          plan.workspaceId,
          email,
          email.toLowerCase(),
          `${first} ${last}`,
          phone,
          random.chance(0.3) ? `crm_${serial}` : null,
          createdAt,
          createdAt,
        ]);
        people.push({ id, first });
      }
      await this.tx.run((manager) => this.customerRows.bulkInsert(manager, rows));
    }
    return people;
  }

  /**
   * Generating a batch is CPU in this process and inserting it is work in the database server, so
   * on PostgreSQL two batches are in flight at once; SQLite runs in this thread and takes them
   * one by one.
   */
  private async seedTickets(plan: SeedPlan, random: Random, ids: SeedIds, onProgress?: (done: number, total: number) => void) {
    const generator = new DemoTicketGenerator(plan, random, ids);
    const written = { conversations: 0, ticketTags: 0 };
    const inFlight: Promise<void>[] = [];
    const limit = this.postgres ? 2 : 1;
    const skipTriggers = this.postgres && (await this.triggersSkippable());
    const counts = (batch: GeneratedBatch): BulkCounts => ({
      tags: batch.tagCounts,
      tagStatuses: batch.tagStatusCounts,
      statuses: batch.statusCounts,
    });
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
            await this.tickets.addCounts(manager, plan.workspaceId, counts(batch));
          }
          await this.tickets.insertTickets(manager, batch.tickets);
          await this.conversations.insert(manager, batch.conversations);
          await this.tickets.insertTagLinks(manager, batch.ticketTags);
          if (skipTriggers) await this.tickets.indexForSearch(manager, plan.workspaceId, searchTexts(batch));
          // PostgreSQL: the counts last. The shared count rows stay locked until commit, so the
          // batch in flight alongside waits on them for a moment only.
          if (this.postgres) await this.tickets.addCounts(manager, plan.workspaceId, counts(batch));
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
   * granted) and when every trigger there is one whose work the load does itself
   * (TicketBulkWriter.triggersReplaceable).
   */
  private async triggersSkippable(): Promise<boolean> {
    if (!(await this.tickets.triggersReplaceable())) return false;
    try {
      await this.tx.run((manager) => manager.query('SET LOCAL session_replication_role = replica'));
      return true;
    } catch {
      return false;
    }
  }

  /** Fresh planner statistics, so the first queries after a bulk load pick the right indexes. */
  private async analyze(): Promise<void> {
    if (this.postgres) {
      await this.customerRows.analyze();
      await this.tickets.analyze();
      await this.tags.analyze();
      await this.conversations.analyze();
      return;
    }
    await this.dataSource.query('PRAGMA analysis_limit = 1000');
    await this.dataSource.query('ANALYZE');
  }
}

/** Each new ticket's search document text: its subject and whole thread, by ticket id. */
function searchTexts(batch: GeneratedBatch): Map<unknown, string> {
  const texts = new Map<unknown, string>(batch.tickets.map((row) => [row[TICKET_ID], row[TICKET_SUBJECT] as string]));
  for (const row of batch.conversations)
    texts.set(row[CONVERSATION_TICKET], `${texts.get(row[CONVERSATION_TICKET])} ${row[CONVERSATION_BODY]}`);
  return texts;
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
