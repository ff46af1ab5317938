import { CONVERSATION_COLUMNS, DEMO_TAG_NAMES, DemoTicketGenerator, SeedPlan, TICKET_COLUMNS } from './demo-generator';
import { Random } from './random';
import { SeedIds } from './seed-ids';

const DAY = 86_400_000;

function generate(total: number) {
  const now = Date.UTC(2026, 0, 13);
  const plan: SeedPlan = {
    workspaceId: 'ws_test',
    agents: [1, 2, 3].map((i) => ({ id: `usr_${i}`, first: `Agent${i}` })),
    customers: Array.from({ length: 50 }, (_, i) => ({ id: `cus_${i}`, first: `Customer${i}` })),
    customerSince: now - 395 * DAY,
    tagIds: new Map(DEMO_TAG_NAMES.map((name) => [name, `tag_${name}`])),
    firstNumber: 101,
    total,
    now,
    spanMs: 365 * DAY,
  };
  const random = new Random(7);
  const batch = new DemoTicketGenerator(plan, random, new SeedIds(random)).batch(0, total);
  // Rows are positional; read them by column name. `never` lets each use site pick its type.
  const col =
    <T extends readonly string[]>(columns: T) =>
    (row: unknown[], name: T[number]) =>
      row[columns.indexOf(name)] as never;
  return { plan, batch, ticket: col(TICKET_COLUMNS), entry: col(CONVERSATION_COLUMNS) };
}

describe('DemoTicketGenerator', () => {
  const { plan, batch, ticket, entry } = generate(3000);
  const threads = new Map<string, unknown[][]>();
  for (const row of batch.conversations) threads.set(entry(row, 'ticket_id'), [...(threads.get(entry(row, 'ticket_id')) ?? []), row]);

  it('numbers tickets consecutively in creation order, all in the past year', () => {
    expect(batch.tickets.map((t) => ticket(t, 'number'))).toEqual(Array.from({ length: 3000 }, (_, i) => 101 + i));
    const created: number[] = batch.tickets.map((t) => ticket(t, 'created_at'));
    expect(created).toEqual([...created].sort((a, b) => a - b));
    expect(created[0]).toBeGreaterThanOrEqual(plan.now - plan.spanMs);
    expect(created[created.length - 1]).toBeLessThan(plan.now);
  });

  it('mixes statuses, priorities, channels and leaves some tickets unassigned', () => {
    for (const column of ['status', 'priority', 'channel'] as const) {
      expect(new Set(batch.tickets.map((t) => ticket(t, column))).size).toBeGreaterThanOrEqual(4);
    }
    expect(batch.tickets.some((t) => ticket(t, 'assignee_id') === null)).toBe(true);
  });

  it('sets status times consistently with the status and the thread', () => {
    for (const t of batch.tickets) {
      const status: string = ticket(t, 'status');
      const created: number = ticket(t, 'created_at');
      const resolvedAt: number | null = ticket(t, 'resolved_at');
      const closedAt: number | null = ticket(t, 'closed_at');
      const firstResolved: number | null = ticket(t, 'first_resolved_at');
      expect(resolvedAt !== null).toBe(status === 'resolved' || (status === 'closed' && firstResolved !== null));
      expect(closedAt !== null).toBe(status === 'closed');
      expect(ticket(t, 'first_closed_at')).toBe(closedAt);
      if (status === 'resolved') expect(firstResolved).toBe(resolvedAt);

      const thread = threads.get(ticket(t, 'id'))!;
      expect(thread.length).toBeGreaterThanOrEqual(1);
      expect(thread.length).toBeLessThanOrEqual(4);
      expect([entry(thread[0], 'type'), entry(thread[0], 'author_type'), entry(thread[0], 'created_at')]).toEqual([
        'reply',
        'customer',
        created,
      ]);
      const times: number[] = thread.map((e) => entry(e, 'created_at'));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      const firstAgentReply = thread.find((e) => entry(e, 'type') === 'reply' && entry(e, 'author_type') === 'user');
      expect(ticket(t, 'first_response_at')).toBe(firstAgentReply ? entry(firstAgentReply, 'created_at') : null);
      // A customer writing after the resolution would have reopened the ticket.
      const lastCustomer = Math.max(
        ...thread.filter((e) => entry(e, 'author_type') === 'customer').map((e): number => entry(e, 'created_at')),
      );
      if (status === 'resolved' || status === 'closed') expect(lastCustomer).toBeLessThanOrEqual(firstResolved ?? closedAt!);
      expect(ticket(t, 'updated_at')).toBe(Math.max(times[times.length - 1], resolvedAt ?? 0, closedAt ?? 0));
      expect(ticket(t, 'updated_at') as number).toBeLessThanOrEqual(plan.now);
    }
  });

  it('tags each ticket with 0–3 distinct tags and counts every link', () => {
    const perTicket = new Map<string, string[]>();
    for (const [ticketId, tagId] of batch.ticketTags as string[][]) perTicket.set(ticketId, [...(perTicket.get(ticketId) ?? []), tagId]);
    for (const tags of perTicket.values()) {
      expect(tags.length).toBeLessThanOrEqual(3);
      expect(new Set(tags).size).toBe(tags.length);
    }
    expect(perTicket.size).toBeLessThan(batch.tickets.length);
    expect([...batch.tagCounts.values()].reduce((a, b) => a + b, 0)).toBe(batch.ticketTags.length);
  });

  it('writes varied text and references only the plan’s people', () => {
    expect(new Set(batch.conversations.map((e) => entry(e, 'body'))).size).toBeGreaterThan(batch.conversations.length / 2);
    const people = new Set([...plan.agents, ...plan.customers].map((p) => p.id));
    for (const e of batch.conversations) expect(people.has(entry(e, 'author_id'))).toBe(true);
  });
});
