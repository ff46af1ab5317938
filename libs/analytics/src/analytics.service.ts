import { Injectable } from '@nestjs/common';
import { validationFailed } from '@relay/common';
import type { Principal } from '@relay/auth';
import { bucketStarts, DurationValues, SUMMARY_REUSE_MS, TicketReports, TicketsCache } from '@relay/tickets';
import { UsersService } from '@relay/users';
import { TeamsService } from '@relay/teams';
import { AnalyticsQuery, VolumeQuery } from './dto/analytics.query';
import {
  AgentStatsResponse,
  AnalyticsSummaryResponse,
  DurationStatsResponse,
  TeamStatsResponse,
  VolumeBucketResponse,
} from './dto/analytics.response';
import { percentileCont } from './percentile';
import { resolveWindow } from './report-window';

/** At most this many periods in one volume report (a year of days). */
export const MAX_VOLUME_BUCKETS = 366;

/**
 * Helpdesk reports, from the aggregates the tickets module computes over its tables
 * (TicketReports). Percentiles sort the durations in memory: the database hands them over as
 * one JSON array per group, sorted where it is read (ReadOptions.sortedLists), never one row per ticket. Identical requests share
 * one computation through the tickets module's cache, under the workspace's listing version.
 */
@Injectable()
export class AnalyticsService {
  constructor(
    private readonly reports: TicketReports,
    private readonly users: UsersService,
    private readonly cache: TicketsCache,
    private readonly teams: TeamsService,
  ) {}

  summary(principal: Principal, query: AnalyticsQuery): Promise<AnalyticsSummaryResponse> {
    return this.cache.report(principal.workspaceId, 'summary', query, () => this.computeSummary(principal, query), SUMMARY_REUSE_MS);
  }

  volume(principal: Principal, query: VolumeQuery): Promise<VolumeBucketResponse[]> {
    return this.cache.report(principal.workspaceId, 'volume', query, () => this.computeVolume(principal, query));
  }

  agents(principal: Principal, query: AnalyticsQuery): Promise<AgentStatsResponse[]> {
    return this.cache.report(principal.workspaceId, 'agents', query, () => this.computeAgents(principal, query));
  }

  /**
   * Per team. The figures are kept under the listing version like every report; the teams'
   * names are read fresh (a rename does not move the tickets' version).
   */
  async teamStats(principal: Principal, query: AnalyticsQuery): Promise<TeamStatsResponse[]> {
    const window = resolveWindow(query, Date.now());
    const { created, resolved, open } = await this.cache.report(principal.workspaceId, 'teams', query, () =>
      this.reports.byTeam(principal.workspaceId, query, window),
    );
    const createdBy = new Map(created.map((row) => [row.team_id, row]));
    const resolvedBy = new Map(resolved.map((row) => [row.team_id, Number(row.n)]));
    const openBy = new Map(open.map((row) => [row.team_id, row]));
    const named = query.team_id?.filter((id) => id !== 'none');
    const teams = await this.teams.reportTeams(principal.workspaceId, named, [
      ...new Set([...createdBy.keys(), ...resolvedBy.keys(), ...openBy.keys()]),
    ]);
    return teams
      .map((team) => ({
        team_id: team.id,
        name: team.name,
        created: Number(createdBy.get(team.id)?.n ?? 0),
        resolved: resolvedBy.get(team.id) ?? 0,
        backlog: Number(openBy.get(team.id)?.n ?? 0),
        unassigned_now: Number(openBy.get(team.id)?.unassigned ?? 0),
        first_response_seconds: { median: toSeconds(percentileCont(50, createdBy.get(team.id)?.responses ?? [])) },
      }))
      .sort((a, b) => b.created - a.created || a.name.localeCompare(b.name) || a.team_id.localeCompare(b.team_id));
  }

  private async computeSummary(principal: Principal, query: AnalyticsQuery): Promise<AnalyticsSummaryResponse> {
    const window = resolveWindow(query, Date.now());
    const ws = principal.workspaceId;
    const [created, resolved, closed, backlog] = await Promise.all([
      this.reports.created(ws, query, window),
      this.reports.count(ws, query, window, 'resolved'),
      this.reports.count(ws, query, window, 'closed'),
      this.reports.count(ws, query, window, 'backlog'),
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
      first_response_seconds: durationStats(created.firstResponse),
      resolution_seconds: durationStats(created.resolution),
    };
  }

  private async computeVolume(principal: Principal, query: VolumeQuery): Promise<VolumeBucketResponse[]> {
    const window = resolveWindow(query, Date.now());
    const starts = bucketStarts(window.from, window.to, query.interval);
    if (starts.length > MAX_VOLUME_BUCKETS) {
      throw validationFailed('from', `the window spans ${starts.length} ${query.interval}s; at most ${MAX_VOLUME_BUCKETS} per request`);
    }
    const perBucket = (column: 'created_at' | 'first_resolved_at') =>
      this.reports.perBucket(principal.workspaceId, query, window, column, query.interval);
    const [created, resolved] = await Promise.all([perBucket('created_at'), perBucket('first_resolved_at')]);
    return starts.map((start) => ({
      period_start: new Date(start).toISOString(),
      created: created.get(start) ?? 0,
      resolved: resolved.get(start) ?? 0,
    }));
  }

  private async computeAgents(principal: Principal, query: AnalyticsQuery): Promise<AgentStatsResponse[]> {
    const window = resolveWindow(query, Date.now());
    if (query.assignee_id === 'none') return [];
    const { created, resolved } = await this.reports.byAssignee(principal.workspaceId, query, window);
    const createdBy = new Map(created.map((row) => [row.user_id, row]));
    const resolvedBy = new Map(resolved.map((row) => [row.user_id, Number(row.n)]));
    const users = await this.users.reportAgents(principal.workspaceId, query.assignee_id, [
      ...new Set([...createdBy.keys(), ...resolvedBy.keys()]),
    ]);
    return users
      .map((user) => {
        const row = createdBy.get(user.id);
        return {
          user_id: user.id,
          name: user.name,
          assigned: Number(row?.n ?? 0),
          resolved: resolvedBy.get(user.id) ?? 0,
          first_response_seconds: { median: toSeconds(percentileCont(50, row?.responses ?? [])) },
        };
      })
      .sort(
        (a, b) => b.assigned - a.assigned || b.resolved - a.resolved || a.name.localeCompare(b.name) || a.user_id.localeCompare(b.user_id),
      );
  }
}

/** Median, p90 and mean (the database's AVG, as before) of a duration column; all null without values. */
function durationStats({ values, avg }: DurationValues): DurationStatsResponse {
  if (!values.length) return { median: null, p90: null, avg: null };
  return { median: toSeconds(percentileCont(50, values)), p90: toSeconds(percentileCont(90, values)), avg: toSeconds(Number(avg)) };
}

function toSeconds(ms: number | null): number | null {
  return ms === null ? null : ms / 1000;
}
