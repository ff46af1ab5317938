import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { validationFailed } from '@relay/common';
import type { Principal } from '@relay/auth';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '@relay/tickets';
import type { TicketPriority, TicketStatus } from '@relay/tickets';
import { bucketSql, bucketStarts } from './buckets';
import { AnalyticsQuery, VolumeQuery } from './dto/analytics.query';
import { AgentStatsResponse, AnalyticsSummaryResponse, DurationStatsResponse, VolumeBucketResponse } from './dto/analytics.response';
import { percentileCont, percentileRankSql, RankedValue } from './percentile';
import { ReportWindow, resolveWindow } from './report-window';
import { inWindow, Scope, ticketScope } from './ticket-scope';

/** At most this many periods in one volume report (a year of days). */
export const MAX_VOLUME_BUCKETS = 366;

type DurationColumn = 'first_response_at' | 'first_resolved_at';

interface DurationGroup {
  n: number;
  avg: number;
  ranked: RankedValue[];
}

/**
 * Helpdesk reports, computed by the database with aggregate SQL that runs the same on SQLite
 * and PostgreSQL (timestamps are epoch-ms integers, so durations are plain subtraction).
 * Percentiles pick their one or two ranks with window functions; no ticket is loaded.
 */
@Injectable()
export class AnalyticsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async summary(principal: Principal, query: AnalyticsQuery): Promise<AnalyticsSummaryResponse> {
    const window = resolveWindow(query, Date.now());
    const scope = this.scope(principal, query, window);
    const [breakdown, resolved, closed, backlog, firstResponse, resolution] = await Promise.all([
      this.createdBreakdown(scope),
      this.count(scope, inWindow('first_resolved_at')),
      this.count(scope, inWindow('first_closed_at')),
      this.count(scope, "t.status IN ('open', 'pending')"),
      this.durationStats(scope, 'first_response_at'),
      this.durationStats(scope, 'first_resolved_at'),
    ]);
    return {
      from: new Date(window.from).toISOString(),
      to: new Date(window.to).toISOString(),
      created: breakdown.created,
      resolved,
      closed,
      backlog,
      by_status: breakdown.byStatus,
      by_priority: breakdown.byPriority,
      first_response_seconds: firstResponse,
      resolution_seconds: resolution,
    };
  }

  async volume(principal: Principal, query: VolumeQuery): Promise<VolumeBucketResponse[]> {
    const window = resolveWindow(query, Date.now());
    const starts = bucketStarts(window.from, window.to, query.interval);
    if (starts.length > MAX_VOLUME_BUCKETS) {
      throw validationFailed('from', `the window spans ${starts.length} ${query.interval}s; at most ${MAX_VOLUME_BUCKETS} per request`);
    }
    const scope = this.scope(principal, query, window);
    const perBucket = (column: string) =>
      this.rows<{ b: number | string; n: number | string }>(
        `SELECT ${bucketSql(`t.${column}`, query.interval)} AS b, COUNT(*) AS n FROM tickets t WHERE ${scope.sql} AND ${inWindow(column)} GROUP BY 1`,
        scope.params,
      ).then((rows) => new Map(rows.map((r) => [Number(r.b), Number(r.n)])));
    const [created, resolved] = await Promise.all([perBucket('created_at'), perBucket('first_resolved_at')]);
    return starts.map((start) => ({
      period_start: new Date(start).toISOString(),
      created: created.get(start) ?? 0,
      resolved: resolved.get(start) ?? 0,
    }));
  }

  async agents(principal: Principal, query: AnalyticsQuery): Promise<AgentStatsResponse[]> {
    const window = resolveWindow(query, Date.now());
    if (query.assignee_id === 'none') return [];
    const scope = this.scope(principal, query, window);
    const assigned = { ...scope, sql: `${scope.sql} AND t.assignee_id IS NOT NULL` };
    const [counts, medians] = await Promise.all([
      this.rows<{ user_id: string; assigned: number | string; resolved: number | string }>(
        `SELECT t.assignee_id AS user_id,
                SUM(CASE WHEN ${inWindow('created_at')} THEN 1 ELSE 0 END) AS assigned,
                SUM(CASE WHEN ${inWindow('first_resolved_at')} THEN 1 ELSE 0 END) AS resolved
           FROM tickets t
          WHERE ${assigned.sql} AND (${inWindow('created_at')} OR ${inWindow('first_resolved_at')})
          GROUP BY t.assignee_id`,
        assigned.params,
      ),
      this.durations(assigned, 'first_response_at', [50], 't.assignee_id'),
    ]);
    const byUser = new Map(counts.map((c) => [c.user_id, c]));
    const users = await this.agentUsers(principal.workspaceId, query.assignee_id, [...byUser.keys()]);
    return users
      .map((user) => {
        const c = byUser.get(user.id);
        const group = medians.get(user.id);
        return {
          user_id: user.id,
          name: user.name,
          assigned: Number(c?.assigned ?? 0),
          resolved: Number(c?.resolved ?? 0),
          first_response_seconds: { median: group ? toSeconds(percentileCont(50, group.n, group.ranked)) : null },
        };
      })
      .sort((a, b) => b.assigned - a.assigned || b.resolved - a.resolved || a.name.localeCompare(b.name) || a.user_id.localeCompare(b.user_id));
  }

  private scope(principal: Principal, query: AnalyticsQuery, window: ReportWindow): Scope {
    const scope = ticketScope(principal.workspaceId, query);
    return { sql: scope.sql, params: { ...scope.params, from: window.from, to: window.to } };
  }

  private async count(scope: Scope, condition: string): Promise<number> {
    const [row] = await this.rows<{ n: number | string }>(`SELECT COUNT(*) AS n FROM tickets t WHERE ${scope.sql} AND ${condition}`, scope.params);
    return Number(row?.n ?? 0);
  }

  /**
   * Tickets created in the window: the total and the counts per status and per priority, every
   * known value present, in one pass over the window (the report index covers these columns).
   */
  private async createdBreakdown(scope: Scope): Promise<{ created: number; byStatus: Record<TicketStatus, number>; byPriority: Record<TicketPriority, number> }> {
    const counted = (column: string, values: readonly string[], prefix: string) =>
      values.map((value, i) => `COUNT(*) FILTER (WHERE t.${column} = :${prefix}${i}) AS ${prefix}${i}`).join(', ');
    const params: Record<string, unknown> = { ...scope.params };
    TICKET_STATUSES.forEach((status, i) => (params[`s${i}`] = status));
    TICKET_PRIORITIES.forEach((priority, i) => (params[`p${i}`] = priority));
    const [row] = await this.rows<Record<string, number | string>>(
      `SELECT COUNT(*) AS n, ${counted('status', TICKET_STATUSES, 's')}, ${counted('priority', TICKET_PRIORITIES, 'p')}
         FROM tickets t WHERE ${scope.sql} AND ${inWindow('created_at')}`,
      params,
    );
    return {
      created: Number(row.n),
      byStatus: Object.fromEntries(TICKET_STATUSES.map((status, i) => [status, Number(row[`s${i}`])])) as Record<TicketStatus, number>,
      byPriority: Object.fromEntries(TICKET_PRIORITIES.map((priority, i) => [priority, Number(row[`p${i}`])])) as Record<TicketPriority, number>,
    };
  }

  /**
   * Median, p90 and mean of `end − created_at` over tickets created in the window that have
   * `end`, in one statement (one snapshot): the count and mean come from a plain aggregate, and
   * the window function only numbers the rows in order, keeping the ranks the two percentiles
   * need. No row at all means no ticket qualifies.
   */
  private async durationStats(scope: Scope, end: DurationColumn): Promise<DurationStatsResponse> {
    const ranks = [50, 90].map((p) => percentileRankSql(p, 'r.rn', 'r.n')).join(' OR ');
    const rows = await this.rows<{ rn: number | string; n: number | string; a: number | string; v: number | string }>(
      `WITH d AS (
         SELECT t.${end} - t.created_at AS v FROM tickets t
          WHERE ${scope.sql} AND ${inWindow('created_at')} AND t.${end} IS NOT NULL
       ), s AS (SELECT COUNT(*) AS n, AVG(v) AS a FROM d),
       r AS (SELECT v, ROW_NUMBER() OVER (ORDER BY v) AS rn, (SELECT n FROM s) AS n FROM d)
       SELECT r.rn, r.v, r.n, (SELECT a FROM s) AS a FROM r WHERE ${ranks}`,
      scope.params,
    );
    if (!rows.length) return { median: null, p90: null, avg: null };
    const n = Number(rows[0].n);
    const ranked = rows.map((row) => ({ rank: Number(row.rn), value: Number(row.v) }));
    return {
      median: toSeconds(percentileCont(50, n, ranked)),
      p90: toSeconds(percentileCont(90, n, ranked)),
      avg: toSeconds(Number(rows[0].a)),
    };
  }

  /**
   * `end − created_at` (ms) over tickets created in the window that have `end`, per `groupBy`:
   * the count, the mean, and only the rows at the ranks the requested percentiles need.
   */
  private async durations(scope: Scope, end: DurationColumn, percents: number[], groupBy: string): Promise<Map<string, DurationGroup>> {
    const ranks = percents.map((p) => percentileRankSql(p, 'rn', 'n')).join(' OR ');
    const rows = await this.rows<{ g: string | number; rn: number | string; n: number | string; a: number | string; v: number | string }>(
      `WITH d AS (
         SELECT ${groupBy} AS g, t.${end} - t.created_at AS v
           FROM tickets t
          WHERE ${scope.sql} AND ${inWindow('created_at')} AND t.${end} IS NOT NULL
       ), r AS (
         SELECT g, v,
                ROW_NUMBER() OVER (PARTITION BY g ORDER BY v) AS rn,
                COUNT(*) OVER (PARTITION BY g) AS n,
                AVG(v) OVER (PARTITION BY g) AS a
           FROM d
       )
       SELECT g, rn, n, a, v FROM r WHERE ${ranks}`,
      scope.params,
    );
    const groups = new Map<string, DurationGroup>();
    for (const row of rows) {
      const key = String(row.g);
      const group = groups.get(key) ?? { n: Number(row.n), avg: Number(row.a), ranked: [] };
      group.ranked.push({ rank: Number(row.rn), value: Number(row.v) });
      groups.set(key, group);
    }
    return groups;
  }

  /** The users an agents report lists: every active agent and admin, plus anyone with tickets in it. */
  private agentUsers(workspaceId: string, assigneeId: string | undefined, withTickets: string[]): Promise<{ id: string; name: string }[]> {
    if (assigneeId !== undefined) {
      return this.rows('SELECT id, name FROM users WHERE workspace_id = :ws AND id = :id', { ws: workspaceId, id: assigneeId });
    }
    const activity = withTickets.length ? ' OR id IN (:...ids)' : '';
    return this.rows(
      `SELECT id, name FROM users WHERE workspace_id = :ws AND ((active = :active AND role IN ('agent', 'admin'))${activity})`,
      { ws: workspaceId, active: true, ids: withTickets },
    );
  }

  private rows<T>(sql: string, params: Record<string, unknown>): Promise<T[]> {
    const [text, parameters] = this.dataSource.driver.escapeQueryWithParameters(sql, params);
    return this.dataSource.query(text, parameters);
  }
}

function toSeconds(ms: number | null): number | null {
  return ms === null ? null : ms / 1000;
}
