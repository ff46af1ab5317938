import type { SearchFacets } from './search-facets';

/** A lexeme quoted for tsquery input: taken verbatim, never parsed (migration TicketSearchFacetsPostgres). */
const lexeme = (text: string) => `'${text.replace(/['\\]/g, (c) => c + c)}'`;

/**
 * PostgreSQL: the tsquery (as text, for `::tsquery`) matching the facet lexemes a ticket's search
 * document carries (`=s:` status, `=p:` priority, `=t:` tag id; migration TicketSearchFacetsPostgres):
 * any of the statuses, any of the priorities, every tag. Undefined for no facet.
 */
export function facetTsquery(facets: SearchFacets): string | undefined {
  const any = (prefix: string, values: string[] | undefined) =>
    values?.length ? [`(${values.map((value) => lexeme(prefix + value)).join(' | ')})`] : [];
  const parts = [...any('=s:', facets.status), ...any('=p:', facets.priority), ...(facets.tagIds ?? []).map((id) => lexeme(`=t:${id}`))];
  return parts.length ? parts.join(' & ') : undefined;
}
