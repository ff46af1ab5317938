import type { TicketPriority, TicketStatus } from '../ticket.enums';

/**
 * The listing filters a ticket's search document carries beside its words, so a `q` with them
 * is answered, page and exact total, by the search index alone (SQLite: FTS5 column `f`;
 * PostgreSQL: facet lexemes in the tsvector). Each list is "any of"; every tag must be on the ticket.
 */
export interface SearchFacets {
  status?: TicketStatus[];
  priority?: TicketPriority[];
  /** Tag ids, resolved from the filter's names. */
  tagIds?: string[];
}
