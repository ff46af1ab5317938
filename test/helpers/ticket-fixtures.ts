import { DataSource, EntityManager } from 'typeorm';
import { newId } from '@relay/common';
import { TransactionRunner } from '@relay/database';
import { TagsService } from '@relay/tags';
import type { TestApp } from './test-app';

/**
 * Tickets written straight to the database with chosen timestamps, for reports and counters
 * whose inputs the API sets from the clock (created_at, first_response_at, first_resolved_at…).
 */
export interface TicketFixture {
  created: string;
  status?: string;
  priority?: string;
  channel?: string;
  assignee?: string | null;
  customerId?: string;
  /** Milliseconds after creation. */
  firstResponse?: number;
  firstResolved?: number;
  firstClosed?: number;
  /** Linked through TagsService, as the tickets module does (ticket_count kept in step). */
  tags?: string[];
}

/** Runs SQL with `:named` parameters on either engine. */
export function sql(db: DataSource | EntityManager, text: string, params: Record<string, unknown>): Promise<unknown> {
  const driver = 'driver' in db ? db.driver : db.connection.driver;
  const [query, values] = driver.escapeQueryWithParameters(text, params);
  return db.query(query, values);
}

export async function insertCustomer(t: TestApp, workspaceId: string): Promise<string> {
  const id = newId('cus');
  await sql(
    t.app.get(DataSource),
    'INSERT INTO customers (id, workspace_id, email, email_key, created_at, updated_at) VALUES (:id, :ws, :email, :email, :now, :now)',
    {
      id,
      ws: workspaceId,
      email: `${id.toLowerCase()}@example.com`,
      now: Date.now(),
    },
  );
  return id;
}

export async function insertTickets(t: TestApp, workspaceId: string, fixtures: TicketFixture[]): Promise<string[]> {
  const db = t.app.get(DataSource);
  const [{ n }] = (await sql(db, 'SELECT COUNT(*) AS n FROM tickets WHERE workspace_id = :ws', { ws: workspaceId })) as {
    n: number | string;
  }[];
  const fallbackCustomer = fixtures.every((f) => f.customerId) ? undefined : await insertCustomer(t, workspaceId);
  const ids: string[] = [];
  for (const [i, f] of fixtures.entries()) {
    const id = newId('tkt');
    const created = Date.parse(f.created);
    const offset = (ms?: number) => (ms === undefined ? null : created + ms);
    await sql(
      db,
      `INSERT INTO tickets (id, workspace_id, number, subject, status, priority, channel, customer_id, assignee_id, created_at, updated_at,
                            first_response_at, first_resolved_at, resolved_at, first_closed_at, closed_at)
       VALUES (:id, :ws, :number, :subject, :status, :priority, :channel, :customer, :assignee, :created, :created,
               :firstResponse, :firstResolved, :resolved, :firstClosed, :closed)`,
      {
        id,
        ws: workspaceId,
        number: Number(n) + i + 1,
        subject: `ticket ${Number(n) + i + 1}`,
        status: f.status ?? 'open',
        priority: f.priority ?? 'normal',
        channel: f.channel ?? 'api',
        customer: f.customerId ?? fallbackCustomer,
        assignee: f.assignee ?? null,
        created,
        firstResponse: offset(f.firstResponse),
        firstResolved: offset(f.firstResolved),
        resolved: f.status === 'resolved' ? offset(f.firstResolved) : null,
        firstClosed: offset(f.firstClosed),
        closed: f.status === 'closed' ? offset(f.firstClosed) : null,
      },
    );
    if (f.tags?.length) await tagTicket(t, workspaceId, id, f.tags);
    ids.push(id);
  }
  return ids;
}

async function tagTicket(t: TestApp, workspaceId: string, ticketId: string, names: string[]): Promise<void> {
  const service = t.app.get(TagsService);
  await t.app.get(TransactionRunner).run(async (manager) => {
    const tags = await service.ensureTags(manager, workspaceId, names);
    for (const tag of tags) {
      // The link carries its ticket's status, priority and timestamps (migrations TicketListingPaths, TicketListingShapes).
      await sql(
        manager,
        'INSERT INTO ticket_tags (ticket_id, tag_id, workspace_id, status, created_at, priority, updated_at) ' +
          'SELECT t.id, :tag, :ws, t.status, t.created_at, t.priority, t.updated_at FROM tickets t WHERE t.id = :ticket',
        { ticket: ticketId, tag: tag.id, ws: workspaceId },
      );
    }
    await service.adjustCounts(
      manager,
      tags.map((tag) => tag.id),
      1,
    );
  });
}

/** The names of the tags a ticket carries, as stored (ticket_tags → tags). */
export async function ticketTagNames(t: TestApp, ticketId: string): Promise<string[]> {
  const rows = (await sql(
    t.app.get(DataSource),
    'SELECT g.name AS name FROM ticket_tags tt JOIN tags g ON g.id = tt.tag_id WHERE tt.ticket_id = :id ORDER BY g.name',
    {
      id: ticketId,
    },
  )) as { name: string }[];
  return rows.map((r) => r.name);
}
