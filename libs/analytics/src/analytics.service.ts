import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { validationFailed } from '@relay/common';
import type { Principal } from '@relay/auth';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '@relay/tickets';
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
    const [created, resolved, closed, backlog, byStatus, byPriority, firstResponse, resolution] = await Promise.all([
      this.count(scope, inWindow('created_at')),
      this.count(scope, inWindow('first_resolved_at')),
      this.count(scope, inWindow('first_closed_at')),
      this.count(scope, "t.status IN ('open', 'pending')"),
      this.countBy(scope, 'status', TICKET_STATUSES),
      this.countBy(scope, 'priority', TICKET_PRIORITIES),
      this.durations(scope, 'first_response_at', [50, 90]),
      this.durations(scope, 'first_resolved_at', [50, 90]),
    ]);
    return {
      from: new Date(window.from).toISOString(),
      to: new Date(window.to).toISOString(),
      created,
      resolved,
      closed,
      backlog,
      by_status: byStatus,
      by_priority: byPriority,
      first_response_seconds: fullStats(firstResponse.get(0)),
      resolution_seconds: fullStats(resolution.get(0)),
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

  /** Tickets created in the window per value of `column`, every known value present. */
  private async countBy<K extends string>(scope: Scope, column: 'status' | 'priority', values: readonly K[]): Promise<Record<K, number>> {
    const rows = await this.rows<{ k: K; n: number | string }>(
      `SELECT t.${column} AS k, COUNT(*) AS n FROM tickets t WHERE ${scope.sql} AND ${inWindow('created_at')} GROUP BY t.${column}`,
      scope.params,
    );
    const counts = Object.fromEntries(values.map((v) => [v, 0])) as Record<K, number>;
    for (const row of rows) if (row.k in counts) counts[row.k] = Number(row.n);
    return counts;
  }

  /**
   * `end − created_at` (ms) over tickets created in the window that have `end`, per `groupBy`
   * (one group, key 0, without it): the count, the mean, and only the rows at the ranks the
   * requested percentiles need.
   */
  private async durations(scope: Scope, end: DurationColumn, percents: number[], groupBy = '0'): Promise<Map<string | number, DurationGroup>> {
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
    const groups = new Map<string | number, DurationGroup>();
    for (const row of rows) {
      const key = groupBy === '0' ? 0 : String(row.g);
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

function fullStats(group: DurationGroup | undefined): DurationStatsResponse {
  if (!group) return { median: null, p90: null, avg: null };
  return {
    median: toSeconds(percentileCont(50, group.n, group.ranked)),
    p90: toSeconds(percentileCont(90, group.n, group.ranked)),
    avg: toSeconds(group.avg),
  };
}
