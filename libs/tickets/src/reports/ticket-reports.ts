import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TransactionRunner, valueListSql } from '@relay/database';
import { TICKET_PRIORITIES, TICKET_STATUSES } from '../ticket.enums';
import type { TicketPriority, TicketStatus } from '../ticket.enums';
import { bucketSql, Interval } from './buckets';
import { inWindow, ReportFilters, Scope, ticketScope } from './ticket-scope';

/** A report's time window [from, to), epoch ms. */
export interface ReportSpan {
  from: number;
  to: number;
}

/** A duration column's values, ascending, and the database's mean. */
export interface DurationValues {
  values: Float64Array;
  avg: unknown;
}

/** Over the tickets created in a window. */
export interface CreatedReport {
  created: number;
  byStatus: Record<TicketStatus, number>;
  byPriority: Record<TicketPriority, number>;
  firstResponse: DurationValues;
  resolution: DurationValues;
}

/** Per assignee: tickets created in the window (with first-response durations) and first resolved in it. */
export interface AssigneeActivity {
  created: { user_id: string; n: number | string; responses: Float64Array }[];
  resolved: { user_id: string; n: number | string }[];
}

/** Per team: created in the window (with first-response durations), first resolved in it, open now. */
export interface TeamActivity {
  created: { team_id: string; n: number | string; responses: Float64Array }[];
  resolved: { team_id: string; n: number | string }[];
  open: { team_id: string; n: number | string; unassigned: number | string }[];
}

/** What a count over the window counts: tickets first resolved or first closed in it, or open now. */
export type TicketTally = 'resolved' | 'closed' | 'backlog';

const TALLIES: Record<TicketTally, string> = {
  resolved: inWindow('first_resolved_at'),
  closed: inWindow('first_closed_at'),
  backlog: "t.status IN ('open', 'pending')",
};

/**
 * The aggregate reads over tickets that analytics builds its reports from, written as SQL that
 * runs the same on SQLite and PostgreSQL (timestamps are epoch-ms integers, so durations are
 * plain subtraction). The tickets module owns these tables; analytics turns the figures into
 * reports (percentiles, zero-filled periods, the agents list).
 */
@Injectable()
export class TicketReports {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
  ) {}

  async count(workspaceId: string, filters: ReportFilters, span: ReportSpan, tally: TicketTally): Promise<number> {
    const scope = this.scope(workspaceId, filters, span);
    const [row] = await this.rows<{ n: number | string }>(
      `SELECT COUNT(*) AS n FROM tickets t WHERE ${scope.sql} AND ${TALLIES[tally]}`,
      scope.params,
    );
    return Number(row?.n ?? 0);
  }

  /** Tickets per period start whose `column` falls in the window. */
  async perBucket(
    workspaceId: string,
    filters: ReportFilters,
    span: ReportSpan,
    column: 'created_at' | 'first_resolved_at',
    interval: Interval,
  ): Promise<Map<number, number>> {
    const scope = this.scope(workspaceId, filters, span);
    const rows = await this.rows<{ b: number | string; n: number | string }>(
      `SELECT ${bucketSql(`t.${column}`, interval)} AS b, COUNT(*) AS n FROM tickets t WHERE ${scope.sql} AND ${inWindow(column)} GROUP BY 1`,
      scope.params,
    );
    return new Map(rows.map((r) => [Number(r.b), Number(r.n)]));
  }

  /**
   * Over the tickets created in the window, in one pass (the report index covers these
   * columns): the total, the counts per status and per priority (every known value present),
   * and the first-response and resolution durations.
   */
  async created(workspaceId: string, filters: ReportFilters, span: ReportSpan): Promise<CreatedReport> {
    const scope = this.scope(workspaceId, filters, span);
    const counted = (column: string, values: readonly string[], prefix: string) =>
      values.map((value, i) => `COUNT(*) FILTER (WHERE t.${column} = :${prefix}${i}) AS ${prefix}${i}`).join(', ');
    const duration = (end: 'first_response_at' | 'first_resolved_at', name: string) =>
      `${valueListSql(this.tx.isPostgres, `t.${end} - t.created_at`)} AS ${name}_values, AVG(t.${end} - t.created_at) AS ${name}_avg`;
    const params: Record<string, unknown> = { ...scope.params };
    TICKET_STATUSES.forEach((status, i) => (params[`s${i}`] = status));
    TICKET_PRIORITIES.forEach((priority, i) => (params[`p${i}`] = priority));
    const [row] = await this.rows<Record<string, unknown>>(
      `SELECT COUNT(*) AS n, ${counted('status', TICKET_STATUSES, 's')}, ${counted('priority', TICKET_PRIORITIES, 'p')},
              ${duration('first_response_at', 'response')}, ${duration('first_resolved_at', 'resolution')}
         FROM tickets t WHERE ${scope.sql} AND ${inWindow('created_at')}`,
      params,
      ['response_values', 'resolution_values'],
    );
    return {
      created: Number(row.n),
      byStatus: Object.fromEntries(TICKET_STATUSES.map((status, i) => [status, Number(row[`s${i}`])])) as Record<TicketStatus, number>,
      byPriority: Object.fromEntries(TICKET_PRIORITIES.map((priority, i) => [priority, Number(row[`p${i}`])])) as Record<
        TicketPriority,
        number
      >,
      firstResponse: { values: row.response_values as Float64Array, avg: row.response_avg },
      resolution: { values: row.resolution_values as Float64Array, avg: row.resolution_avg },
    };
  }

  /**
   * Created and resolved counts come from one grouped pass each over their own index range (an
   * OR of the two windows read every row of both through the table); the medians come from the
   * created pass.
   */
  async byAssignee(workspaceId: string, filters: ReportFilters, span: ReportSpan): Promise<AssigneeActivity> {
    const [created, resolved] = await this.activityBy(this.scope(workspaceId, filters, span), 'assignee_id', 'user_id');
    return { created, resolved };
  }

  /** The byAssignee passes grouped by team, plus each team's open|pending tickets now and how many have no assignee. */
  async byTeam(workspaceId: string, filters: ReportFilters, span: ReportSpan): Promise<TeamActivity> {
    const scope = this.scope(workspaceId, filters, span);
    const [[created, resolved], open] = await Promise.all([
      this.activityBy(scope, 'team_id', 'team_id'),
      this.rows<{ team_id: string; n: number | string; unassigned: number | string }>(
        `SELECT t.team_id AS team_id, COUNT(*) AS n, SUM(CASE WHEN t.assignee_id IS NULL THEN 1 ELSE 0 END) AS unassigned
           FROM tickets t WHERE ${scope.sql} AND t.team_id IS NOT NULL AND ${TALLIES.backlog} GROUP BY t.team_id`,
        scope.params,
      ),
    ]);
    return { created, resolved, open };
  }

  /**
   * Tickets created (with their first-response values) and resolved in the window per `column`,
   * named `key` in the rows: one grouped pass each over its own index range.
   */
  private activityBy<K extends string>(scope: Scope, column: 'assignee_id' | 'team_id', key: K) {
    const grouped = `${scope.sql} AND t.${column} IS NOT NULL`;
    return Promise.all([
      this.rows<Record<K, string> & { n: number | string; responses: Float64Array }>(
        `SELECT t.${column} AS ${key}, COUNT(*) AS n, ${valueListSql(this.tx.isPostgres, 't.first_response_at - t.created_at')} AS responses
           FROM tickets t WHERE ${grouped} AND ${inWindow('created_at')}
          GROUP BY t.${column}`,
        scope.params,
        ['responses'],
      ),
      this.rows<Record<K, string> & { n: number | string }>(
        `SELECT t.${column} AS ${key}, COUNT(*) AS n FROM tickets t WHERE ${grouped} AND ${inWindow('first_resolved_at')} GROUP BY t.${column}`,
        scope.params,
      ),
    ]);
  }

  private scope(workspaceId: string, filters: ReportFilters, span: ReportSpan): Scope {
    const scope = ticketScope(workspaceId, filters);
    return { sql: scope.sql, params: { ...scope.params, from: span.from, to: span.to } };
  }

  /** `sortedLists`: valueListSql columns, handed over sorted (see ReadOptions). */
  private rows<T>(sql: string, params: Record<string, unknown>, sortedLists?: string[]): Promise<T[]> {
    const [text, parameters] = this.dataSource.driver.escapeQueryWithParameters(sql, params);
    // Off the event loop on SQLite: a year's report at a million tickets reads for seconds, and
    // parsing and sorting its durations took up to 300 ms more (profiled beside an export).
    return this.tx.read<T>(text, parameters, { sortedLists });
  }
}
