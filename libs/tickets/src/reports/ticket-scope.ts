import { tagNameKey, tagNamesJoin } from '@relay/tags';
import { teamCondition } from '../dto/team-filter';

const TAG_JOIN = tagNamesJoin('g', 'tt.tag_id');

/** A WHERE fragment over `tickets t` with its named parameters. */
export interface Scope {
  sql: string;
  params: Record<string, unknown>;
}

export interface ReportFilters {
  assignee_id?: string;
  team_id?: string[];
  tag?: string[];
  channel?: string;
}

/** The tickets of a workspace that match the report filters (a tag filter needs every tag). */
export function ticketScope(workspaceId: string, filters: ReportFilters): Scope {
  const clauses = ['t.workspace_id = :ws'];
  const params: Record<string, unknown> = { ws: workspaceId };
  if (filters.assignee_id === 'none') clauses.push('t.assignee_id IS NULL');
  else if (filters.assignee_id !== undefined) {
    clauses.push('t.assignee_id = :assignee');
    params.assignee = filters.assignee_id;
  }
  if (filters.team_id?.length) {
    const team = teamCondition('t.team_id', filters.team_id);
    clauses.push(team.sql);
    Object.assign(params, team.params);
  }
  if (filters.channel !== undefined) {
    clauses.push('t.channel = :channel');
    params.channel = filters.channel;
  }
  (filters.tag ?? []).forEach((tag, i) => {
    clauses.push(`EXISTS (SELECT 1 FROM ticket_tags tt ${TAG_JOIN} WHERE tt.ticket_id = t.id AND g.name_key = :tag${i})`);
    params[`tag${i}`] = tagNameKey(tag);
  });
  return { sql: clauses.join(' AND '), params };
}

/** `t.<column>` inside the report window [from, to). */
export function inWindow(column: string): string {
  return `(t.${column} >= :from AND t.${column} < :to)`;
}
