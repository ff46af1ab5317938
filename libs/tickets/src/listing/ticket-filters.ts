import { SelectQueryBuilder } from 'typeorm';
import { SortField, validationFailed } from '@relay/common';
import { DOCUMENT_KEY, TICKET_ROWID_MASK } from '../search/ticket-search-rewriter';
import { customerIdsByEmailSql, emailKey } from '@relay/customers';
import { tagNameKey } from '@relay/tags';
import type { ListTicketsQuery } from '../dto/list-tickets.query';
import type { Ticket } from '../ticket.entity';
import type { TicketChannel, TicketPriority, TicketStatus } from '../ticket.enums';
import type { SearchFacets } from '../search/search-facets';
import { teamCondition } from '../dto/team-filter';

const MAX_SEARCH_WORDS = 10;
/** SQLite `q` conditions over tickets `t` (see applyTicketFilters): the same one parameter, so one may stand for the other. */
export const PROBED_WORDS = `EXISTS (SELECT 1 FROM ticket_search s WHERE s.ticket_search MATCH :q AND s.rowid = ${DOCUMENT_KEY})`;
export const MATCHED_WORDS = `t.rowid IN (SELECT rowid & ${TICKET_ROWID_MASK} FROM ticket_search WHERE ticket_search MATCH :q)`;
const CUSTOMER_IDS_BY_EMAIL = customerIdsByEmailSql('ws', 'customerEmail');

/**
 * The `/tickets` filters, normalised: what the query applies and what a cursor is bound to (so
 * `tag=VIP` and `tag=vip` are the same listing). Plain data, JSON-serialisable.
 */
export interface TicketFilters {
  status?: TicketStatus[];
  priority?: TicketPriority[];
  tags?: string[];
  assigneeId?: string;
  /** Sorted, so `team_id=b,a` and `team_id=a,b` are one listing; `none` for no team. */
  teamIds?: string[];
  customerId?: string;
  customerEmail?: string;
  channel?: TicketChannel;
  externalId?: string;
  createdAfter?: number;
  createdBefore?: number;
  updatedAfter?: number;
  words?: string[];
}

export type SearchEngine = 'postgres' | 'sqlite';

/** Normalises the query's filters; a `q` without any word is a 400 rather than "match all". */
export function ticketFilters(query: Omit<ListTicketsQuery, 'limit' | 'cursor'>): TicketFilters {
  return {
    status: nonEmpty(query.status),
    priority: nonEmpty(query.priority),
    tags: nonEmpty([...new Set((query.tag ?? []).map(tagNameKey).filter((key) => key.length > 0))]),
    assigneeId: query.assignee_id,
    teamIds: nonEmpty(query.team_id && [...query.team_id].sort()),
    customerId: query.customer_id,
    customerEmail: emailKey(query.customer_email) ?? undefined,
    channel: query.channel,
    externalId: query.external_id,
    createdAfter: epoch(query.created_after),
    createdBefore: epoch(query.created_before),
    updatedAfter: epoch(query.updated_after),
    words: searchWords(query.q),
  };
}

/** The timestamps the filters bound from below, which a sync follows (see horizonFields). */
export function afterFields(filters: { createdAfter?: unknown; updatedAfter?: unknown }): SortField[] {
  return [
    ...(filters.createdAfter !== undefined ? ['created_at' as const] : []),
    ...(filters.updatedAfter !== undefined ? ['updated_at' as const] : []),
  ];
}

/**
 * Search words as both engines' tokenizers see them: runs of letters, marks and digits,
 * case-folded. Every word must occur in the subject or in some conversation body of the ticket.
 */
export function searchWords(q: string | undefined): string[] | undefined {
  if (q === undefined || q === '') return undefined;
  const words = [
    ...new Set(
      q
        .toLowerCase()
        .split(/[^\p{L}\p{M}\p{N}]+/u)
        .filter((w) => w.length > 0),
    ),
  ];
  if (!words.length) throw validationFailed('q', 'must contain at least one letter or digit');
  if (words.length > MAX_SEARCH_WORDS) throw validationFailed('q', `must have at most ${MAX_SEARCH_WORDS} words`);
  return words;
}

/**
 * Adds the filters to a query over `tickets` (alias in qb) already scoped to `:ws`, except `tags`:
 * TicketListing joins the tag links itself, as the access path. `probeWords` (SQLite): the words
 * are checked per ticket, a lookup of its document by rowid, for a walk in page order that
 * stops after a page; otherwise the query starts from every match in the search index.
 */
export function applyTicketFilters(qb: SelectQueryBuilder<Ticket>, filters: TicketFilters, engine: SearchEngine, probeWords = false): void {
  const t = qb.alias;
  if (filters.status) qb.andWhere(`${t}.status IN (:...status)`, { status: filters.status });
  if (filters.priority) qb.andWhere(`${t}.priority IN (:...priority)`, { priority: filters.priority });
  if (filters.assigneeId === 'none') qb.andWhere(`${t}.assigneeId IS NULL`);
  else if (filters.assigneeId !== undefined) qb.andWhere(`${t}.assigneeId = :assigneeId`, { assigneeId: filters.assigneeId });
  if (filters.teamIds) {
    const { sql, params } = teamCondition(`${t}.teamId`, filters.teamIds);
    qb.andWhere(sql, params);
  }
  if (filters.customerId !== undefined) qb.andWhere(`${t}.customerId = :customerId`, { customerId: filters.customerId });
  if (filters.customerEmail !== undefined) {
    qb.andWhere(`${t}.customerId IN (${CUSTOMER_IDS_BY_EMAIL})`, {
      customerEmail: filters.customerEmail,
    });
  }
  if (filters.channel) qb.andWhere(`${t}.channel = :channel`, { channel: filters.channel });
  if (filters.externalId !== undefined) qb.andWhere(`${t}.externalId = :externalId`, { externalId: filters.externalId });
  if (filters.createdAfter !== undefined) qb.andWhere(`${t}.createdAt >= :createdAfter`, { createdAfter: filters.createdAfter });
  if (filters.createdBefore !== undefined) qb.andWhere(`${t}.createdAt < :createdBefore`, { createdBefore: filters.createdBefore });
  if (filters.updatedAfter !== undefined) qb.andWhere(`${t}.updatedAt >= :updatedAfter`, { updatedAfter: filters.updatedAfter });
  if (!filters.words) return;
  if (engine === 'sqlite') {
    qb.andWhere(probeWords ? PROBED_WORDS : MATCHED_WORDS, { q: ftsQuery(filters.words) });
    return;
  }
  // One document per ticket (migration TicketSearchDocumentsPostgres): a probe by primary key
  // when the planner walks tickets in page order, the GIN index when it starts from the words.
  const words = filters.words.map((word, i) => `s.document @@ plainto_tsquery('simple', :q${i})`).join(' AND ');
  qb.andWhere(
    `EXISTS (SELECT 1 FROM ticket_search s WHERE s.ticket_id = ${t}.id AND ${words})`,
    Object.fromEntries(filters.words.map((word, i) => [`q${i}`, word])),
  );
}

/**
 * The FTS5 query over `ticket_search` (SQLite): every word somewhere in the ticket's document,
 * the `facets` among its facet terms (migration TicketSearchFacets) and, given a workspace, only
 * that workspace's documents. Words are quoted FTS5 strings: matched literally, never read as
 * query syntax, and only in `body`, so no word matches a facet term.
 */
export function ftsQuery(words: string[], workspaceId?: string, facets: SearchFacets = {}): string {
  const anyOf = (terms: string[]) => `f : (${terms.map(quoted).join(' OR ')})`;
  return [
    ...(workspaceId === undefined ? [] : [`ws : ${quoted(workspaceId)}`]),
    `body : (${words.map(quoted).join(' AND ')})`,
    ...(facets.status?.length ? [anyOf(facets.status.map((status) => `s${status}`))] : []),
    ...(facets.priority?.length ? [anyOf(facets.priority.map((priority) => `p${priority}`))] : []),
    ...(facets.tagIds ?? []).map((id) => anyOf([tagTerm(id)])),
  ].join(' AND ');
}

/**
 * A tag's facet term: `t` and the id's UTF-8 bytes in hex, as the documents write it
 * (`lower(hex(tag_id))`). Ids are mixed-case and the tokenizer folds case, so the id itself
 * could name two tags.
 */
export function tagTerm(tagId: string): string {
  return `t${Buffer.from(tagId, 'utf8').toString('hex')}`;
}

function quoted(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

function nonEmpty<T>(values: T[] | undefined): T[] | undefined {
  return values && values.length ? values : undefined;
}

/** The query's dates arrive in the canonical form `@DateTimeQuery` hands on. */
function epoch(value: string | undefined): number | undefined {
  return value === undefined ? undefined : Date.parse(value);
}
