import { DemoText, Voices } from './demo-text';
import { Random, Weighted } from './random';
import { SeedIds } from './seed-ids';
import { EXTRA_TAGS, Topic, TOPICS } from './word-lists';
import { CONVERSATION_BULK_COLUMNS } from '@relay/conversations';
import { TICKET_BULK_COLUMNS, TICKET_TAG_BULK_COLUMNS } from '@relay/tickets';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export type Status = 'open' | 'pending' | 'resolved' | 'closed';

export interface Person {
  id: string;
  first: string;
}

/** Who and what the tickets of one seed run refer to. */
export interface SeedPlan {
  workspaceId: string;
  agents: Person[];
  /** Customers in creation order; `customerCreatedAt(i)` of each precedes its tickets. */
  customers: Person[];
  customerSince: number;
  tagIds: Map<string, string>;
  /** Number of the run's first ticket (numbers are reserved up front, consecutive). */
  firstNumber: number;
  total: number;
  now: number;
  spanMs: number;
}

/** Rows in the column order of TICKET_COLUMNS / CONVERSATION_COLUMNS / TICKET_TAG_COLUMNS. */
export interface GeneratedBatch {
  tickets: unknown[][];
  conversations: unknown[][];
  ticketTags: unknown[][];
  tagCounts: Map<string, number>;
  /** Tickets per `${status} ${priority}`, and links per `${tagId} ${status} ${priority}`: the listing counts (TicketCounts). */
  statusCounts: Map<string, number>;
  tagStatusCounts: Map<string, number>;
}

/** The column orders of the owners' bulk loads (TicketBulkWriter, ConversationBulkWriter). */
export const TICKET_COLUMNS = TICKET_BULK_COLUMNS;
export const CONVERSATION_COLUMNS = CONVERSATION_BULK_COLUMNS;
export const TICKET_TAG_COLUMNS = TICKET_TAG_BULK_COLUMNS;

/** Where in the span customer `index` of `count` signed up: customers arrive steadily. */
export function customerCreatedAt(plan: Pick<SeedPlan, 'customerSince' | 'now'>, index: number, count: number): number {
  return Math.floor(plan.customerSince + ((plan.now - plan.customerSince) * index) / count);
}

const topics = new Weighted(TOPICS.map((topic) => [topic, topic.weight] as const));
const priorities = new Weighted([
  ['low', 20],
  ['normal', 55],
  ['high', 18],
  ['urgent', 7],
] as const);
const channels = new Weighted([
  ['email', 45],
  ['web', 20],
  ['chat', 15],
  ['api', 12],
  ['phone', 8],
] as const);
const tagCounts = new Weighted([
  [0, 15],
  [1, 45],
  [2, 28],
  [3, 12],
] as const);
/** Recent tickets are still being worked on; old ones are mostly done. */
const statusByAge: [maxAge: number, Weighted<Status>][] = [
  [
    DAY,
    new Weighted([
      ['open', 65],
      ['pending', 20],
      ['resolved', 12],
      ['closed', 3],
    ] as const),
  ],
  [
    7 * DAY,
    new Weighted([
      ['open', 35],
      ['pending', 25],
      ['resolved', 30],
      ['closed', 10],
    ] as const),
  ],
  [
    30 * DAY,
    new Weighted([
      ['open', 10],
      ['pending', 10],
      ['resolved', 45],
      ['closed', 35],
    ] as const),
  ],
  [
    Infinity,
    new Weighted([
      ['open', 3],
      ['pending', 2],
      ['resolved', 25],
      ['closed', 70],
    ] as const),
  ],
];
const UNASSIGNED_SHARE: Record<Status, number> = { open: 0.35, pending: 0.05, resolved: 0.03, closed: 0.03 };

interface Entry {
  at: number;
  type: 'reply' | 'note';
  author: 'customer' | 'user';
  body: string;
}

/**
 * Generates realistic tickets with their thread and tags, consistent the way the API would have
 * left them: `first_response_at` is the first agent reply, `resolved_at`/`closed_at` match the
 * status, `first_resolved_at` survives a reopen, no customer writes after resolution (that would
 * have reopened the ticket), and `updated_at` is the last activity. Nothing lies in the future.
 */
export class DemoTicketGenerator {
  private readonly text: DemoText;
  private readonly agents: Weighted<Person>;

  constructor(
    private readonly plan: SeedPlan,
    private readonly random: Random,
    private readonly ids: SeedIds,
  ) {
    this.text = new DemoText(random);
    // A few agents carry most of the queue, as in real teams.
    this.agents = new Weighted(plan.agents.map((agent, i) => [agent, 1 / Math.sqrt(i + 1)] as const));
  }

  /** Tickets `from` .. `from + count - 1` of the run (0-based), oldest first. */
  batch(from: number, count: number): GeneratedBatch {
    const out: GeneratedBatch = {
      tickets: [],
      conversations: [],
      ticketTags: [],
      tagCounts: new Map(),
      statusCounts: new Map(),
      tagStatusCounts: new Map(),
    };
    for (let i = from; i < from + count; i++) this.ticket(i, out);
    return out;
  }

  /** Creation times grow denser towards now (a growing business) and ascend with the number. */
  createdAt(index: number): number {
    const { now, spanMs, total } = this.plan;
    const position = (index + this.random.next()) / total;
    return Math.floor(now - spanMs + spanMs * Math.pow(position, 0.8));
  }

  private ticket(index: number, out: GeneratedBatch): void {
    const { plan, random } = this;
    const createdAt = Math.min(this.createdAt(index), plan.now - MINUTE);
    const topic = topics.pick(random);
    const customer = this.customerAt(createdAt);
    const age = plan.now - createdAt;
    const status = statusByAge.find(([maxAge]) => age < maxAge)![1].pick(random);
    const assignee = random.chance(UNASSIGNED_SHARE[status]) ? null : this.agents.pick(random);
    const writer = assignee ?? this.agents.pick(random);
    const voices: Voices = { customer: customer.first, agent: writer.first };
    const ticketId = this.ids.next('tkt');

    const { entries, firstResponseAt, resolvedAt, closedAt, firstResolvedAt } = this.timeline(status, createdAt, topic, voices);
    const updatedAt = Math.max(entries[entries.length - 1].at, resolvedAt ?? 0, closedAt ?? 0);
    const priority = topic.name === 'security' && random.chance(0.5) ? 'high' : priorities.pick(random);
    const channel = channels.pick(random);
    const number = plan.firstNumber + index;
    const externalId = channel === 'api' && random.chance(0.6) ? `SHOP-${100000 + number}` : null;
    out.tickets.push([
      ticketId,
      plan.workspaceId,
      number,
      this.text.subject(topic, voices),
      status,
      priority,
      channel,
      customer.id,
      assignee?.id ?? null,
      externalId,
      createdAt,
      updatedAt,
      firstResponseAt,
      resolvedAt,
      closedAt,
      firstResolvedAt,
      status === 'closed' ? closedAt : null,
    ]);
    for (const entry of entries) {
      out.conversations.push([
        this.ids.next('cnv'),
        plan.workspaceId,
        ticketId,
        entry.type,
        entry.body,
        entry.author,
        entry.author === 'user' ? writer.id : customer.id,
        entry.at,
        entry.at,
      ]);
    }
    increment(out.statusCounts, `${status} ${priority}`);
    for (const tagId of this.tagsFor(topic, priority)) {
      out.ticketTags.push([ticketId, tagId, plan.workspaceId, status, createdAt, priority, updatedAt]);
      increment(out.tagCounts, tagId);
      increment(out.tagStatusCounts, `${tagId} ${status} ${priority}`);
    }
  }

  /**
   * The thread and status times: the description at creation, an agent reply (unless the
   * ticket is still waiting for one), maybe a triage note and one more exchange, all before
   * the ticket was resolved or closed, at most four entries.
   */
  private timeline(status: Status, createdAt: number, topic: Topic, voices: Voices) {
    const { random, text } = this;
    const now = this.plan.now;
    const entries: Entry[] = [{ at: createdAt, type: 'reply', author: 'customer', body: text.description(topic, voices) }];
    const done = status === 'resolved' || status === 'closed';
    // Closed without ever being resolved: spam, duplicates, customers who went quiet.
    const skippedResolve = status === 'closed' && random.chance(0.1);
    const reopened = status === 'open' && random.chance(0.06);
    const responded = status !== 'open' || reopened || random.chance(0.5);
    const available = now - createdAt;

    // The moment work on the thread stops: resolution (or closing), else now.
    let end = now;
    let resolvedAt: number | null = null;
    let closedAt: number | null = null;
    let firstResolvedAt: number | null = null;
    if (done || reopened) {
      const worked = Math.min(random.logNormal(20 * HOUR, 1.2), available * 0.6);
      end = Math.floor(createdAt + Math.max(worked, 2 * MINUTE));
      if (!skippedResolve) firstResolvedAt = end;
      // Closing a resolved ticket keeps its resolved_at; reopening clears it.
      if (done && !skippedResolve) resolvedAt = end;
      if (status === 'closed') closedAt = Math.floor(Math.min(end + random.logNormal(3 * DAY, 0.6), createdAt + available * 0.9));
    }

    let firstResponseAt: number | null = null;
    if (responded) {
      const span = end - createdAt;
      firstResponseAt = Math.floor(createdAt + Math.max(1000, Math.min(random.logNormal(2 * HOUR, 1.3), span * 0.5)));
      if (random.chance(0.1)) {
        entries.push({ at: Math.floor((createdAt + firstResponseAt) / 2), type: 'note', author: 'user', body: text.note(topic, voices) });
      }
      entries.push({ at: firstResponseAt, type: 'reply', author: 'user', body: text.agentReply(topic, voices) });
      // One more exchange before the end; an open ticket may end on the customer's answer.
      let at = firstResponseAt;
      if (entries.length < 4 && random.chance(0.25)) {
        at = Math.min(end, at + Math.floor((end - at) * 0.3 * random.next()) + 1000);
        entries.push({ at, type: 'reply', author: 'customer', body: text.customerFollowUp(topic, voices) });
        const waitingOnAgent = status === 'open' && random.chance(0.5);
        if (entries.length < 4 && !waitingOnAgent) {
          at = Math.min(end, at + Math.floor((end - at) * 0.3 * random.next()) + 1000);
          entries.push({ at, type: 'reply', author: 'user', body: text.agentReply(topic, voices) });
        }
      } else if (entries.length < 4 && random.chance(0.1)) {
        at = Math.min(end, at + Math.floor((end - at) * 0.2 * random.next()) + 1000);
        entries.push({ at, type: 'note', author: 'user', body: text.note(topic, voices) });
      }
      if (reopened) {
        // The customer wrote back after the resolution, which reopened the ticket.
        const lastAt = Math.max(at, end) + 1000;
        const reopenAt = Math.floor(Math.min(lastAt + random.logNormal(DAY, 1), now - 1000));
        if (entries.length >= 4) entries.pop();
        entries.push({ at: Math.max(reopenAt, lastAt), type: 'reply', author: 'customer', body: text.customerFollowUp(topic, voices) });
      }
    } else if (random.chance(0.15)) {
      const at = createdAt + Math.floor((now - createdAt) * 0.5 * random.next()) + 1000;
      entries.push({ at, type: 'reply', author: 'customer', body: text.customerFollowUp(topic, voices) });
    }
    return { entries, firstResponseAt, resolvedAt, closedAt, firstResolvedAt };
  }

  /** A customer who had already signed up when the ticket came in. */
  private customerAt(createdAt: number): Person {
    const { customers, customerSince, now } = this.plan;
    const known = Math.floor((customers.length * (createdAt - customerSince)) / (now - customerSince));
    const limit = Math.max(1, Math.min(customers.length, known));
    return customers[Math.floor(this.random.next() * limit)];
  }

  private tagsFor(topic: Topic, priority: string): string[] {
    const wanted = tagCounts.pick(this.random);
    const names = new Set<string>();
    // The topic's main tag first: "billing" tickets mostly carry "billing".
    if (wanted > 0) names.add(this.random.chance(0.6) ? topic.tags[0] : this.random.pick(topic.tags));
    for (let attempt = 0; names.size < wanted && attempt < 12; attempt++) {
      const extra = this.random.chance(0.15);
      names.add(extra ? (priority === 'urgent' ? 'escalated' : this.random.pick(EXTRA_TAGS)) : this.random.pick(topic.tags));
    }
    return [...names].map((name) => this.plan.tagIds.get(name)!);
  }
}

/** Every tag name the generator can use, for creating them up front. */
export const DEMO_TAG_NAMES: string[] = [...new Set([...TOPICS.flatMap((topic) => topic.tags), ...EXTRA_TAGS])];

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
