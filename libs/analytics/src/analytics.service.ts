import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { validationFailed } from '@relay/common';
import { TransactionRunner } from '@relay/database';
import type { Principal } from '@relay/auth';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '@relay/tickets';
import type { TicketPriority, TicketStatus } from '@relay/tickets';
import { bucketSql, bucketStarts } from './buckets';
import { AnalyticsQuery, VolumeQuery } from './dto/analytics.query';
import { AgentStatsResponse, AnalyticsSummaryResponse, DurationStatsResponse, VolumeBucketResponse } from './dto/analytics.response';
import { percentileCont } from './percentile';
import { ReportWindow, resolveWindow } from './report-window';
import { inWindow, Scope, ticketScope } from './ticket-scope';
import { sortedValues, valueListSql } from './value-lists';

/** At most this many periods in one volume report (a year of days). */
export const MAX_VOLUME_BUCKETS = 366;

type DurationColumn = 'first_response_at' | 'first_resolved_at';

/**
 * Helpdesk reports, computed by the database with aggregate SQL that runs the same on SQLite
 * and PostgreSQL (timestamps are epoch-ms integers, so durations are plain subtraction).
 * Percentiles sort the durations in memory: the database hands them over as one JSON array
 * per group (value-lists.ts), never one row per ticket.
 */
@Injectable()
export class AnalyticsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
  ) {}

  async summary(principal: Principal, query: AnalyticsQuery): Promise<AnalyticsSummaryResponse> {
    const window = resolveWindow(query, Date.now());
    const scope = this.scope(principal, query, window);
    const [created, resolved, closed, backlog] = await Promise.all([
      this.createdReport(scope),
      this.count(scope, inWindow('first_resolved_at')),
      this.count(scope, inWindow('first_closed_at')),
      this.count(scope, "t.status IN ('open', 'pending')"),
    ]);
    return {
      from: new Date(window.from).toISOString(),
      to: new Date(window.to).toISOString(),
      created: created.created,
      resolved,
      closed,
      backlog,
      by_status: created.byStatus,
      by_priority: created.byPriority,
      first_response_seconds: created.firstResponse,
      resolution_seconds: created.resolution,
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

  /**
   * Created and resolved counts come from one grouped pass each over their own index range (an
   * OR of the two windows read every row of both through the table); the medians come from the
   * created pass.
   */
  async agents(principal: Principal, query: AnalyticsQuery): Promise<AgentStatsResponse[]> {
    const window = resolveWindow(query, Date.now());
    if (query.assignee_id === 'none') return [];
    const scope = this.scope(principal, query, window);
    const assigned = `${scope.sql} AND t.assignee_id IS NOT NULL`;
    const [created, resolved] = await Promise.all([
      this.rows<{ user_id: string; n: number | string; responses: unknown }>(
        `SELECT t.assignee_id AS user_id, COUNT(*) AS n, ${valueListSql(this.tx.isPostgres, 't.first_response_at - t.created_at')} AS responses
           FROM tickets t WHERE ${assigned} AND ${inWindow('created_at')}
          GROUP BY t.assignee_id`,
        scope.params,
      ),
      this.rows<{ user_id: string; n: number | string }>(
        `SELECT t.assignee_id AS user_id, COUNT(*) AS n FROM tickets t WHERE ${assigned} AND ${inWindow('first_resolved_at')} GROUP BY t.assignee_id`,
        scope.params,
      ),
    ]);
    const createdBy = new Map(created.map((row) => [row.user_id, row]));
    const resolvedBy = new Map(resolved.map((row) => [row.user_id, Number(row.n)]));
    const users = await this.agentUsers(principal.workspaceId, query.assignee_id, [...new Set([...createdBy.keys(), ...resolvedBy.keys()])]);
    return users
      .map((user) => {
        const row = createdBy.get(user.id);
        return {
          user_id: user.id,
          name: user.name,
          assigned: Number(row?.n ?? 0),
          resolved: resolvedBy.get(user.id) ?? 0,
          first_response_seconds: { median: toSeconds(percentileCont(50, sortedValues(row?.responses))) },
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
   * Over the tickets created in the window, in one pass (the report index covers these
   * columns): the total, the counts per status and per priority (every known value present),
   * and the first-response and resolution durations.
   */
  private async createdReport(scope: Scope): Promise<{
    created: number;
    byStatus: Record<TicketStatus, number>;
    byPriority: Record<TicketPriority, number>;
    firstResponse: DurationStatsResponse;
    resolution: DurationStatsResponse;
  }> {
    const counted = (column: string, values: readonly string[], prefix: string) =>
      values.map((value, i) => `COUNT(*) FILTER (WHERE t.${column} = :${prefix}${i}) AS ${prefix}${i}`).join(', ');
    const duration = (end: DurationColumn, name: string) =>
      `${valueListSql(this.tx.isPostgres, `t.${end} - t.created_at`)} AS ${name}_values, AVG(t.${end} - t.created_at) AS ${name}_avg`;
    const params: Record<string, unknown> = { ...scope.params };
    TICKET_STATUSES.forEach((status, i) => (params[`s${i}`] = status));
    TICKET_PRIORITIES.forEach((priority, i) => (params[`p${i}`] = priority));
    const [row] = await this.rows<Record<string, unknown>>(
      `SELECT COUNT(*) AS n, ${counted('status', TICKET_STATUSES, 's')}, ${counted('priority', TICKET_PRIORITIES, 'p')},
              ${duration('first_response_at', 'response')}, ${duration('first_resolved_at', 'resolution')}
         FROM tickets t WHERE ${scope.sql} AND ${inWindow('created_at')}`,
      params,
    );
    return {
      created: Number(row.n),
      byStatus: Object.fromEntries(TICKET_STATUSES.map((status, i) => [status, Number(row[`s${i}`])])) as Record<TicketStatus, number>,
      byPriority: Object.fromEntries(TICKET_PRIORITIES.map((priority, i) => [priority, Number(row[`p${i}`])])) as Record<TicketPriority, number>,
      firstResponse: durationStats(row.response_values, row.response_avg),
      resolution: durationStats(row.resolution_values, row.resolution_avg),
    };
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

/** Median, p90 and mean (the database's AVG, as before) of a valueListSql column; all null without values. */
function durationStats(list: unknown, avg: unknown): DurationStatsResponse {
  const values = sortedValues(list);
  if (!values.length) return { median: null, p90: null, avg: null };
  return { median: toSeconds(percentileCont(50, values)), p90: toSeconds(percentileCont(90, values)), avg: toSeconds(Number(avg)) };
}

function toSeconds(ms: number | null): number | null {
  return ms === null ? null : ms / 1000;
}
