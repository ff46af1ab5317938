import { Injectable } from '@nestjs/common';
import { ApiError, conflict, ErrorCode, ErrorDetail, iso } from '@relay/common';
import { TransactionRunner } from '@relay/database';
import { actorOf } from '@relay/events';
import { Job, JobsService } from '@relay/jobs';
import { ListTicketsQuery, ticketFilters, TicketListing, TicketsService } from '@relay/tickets';
import type { Principal } from '@relay/auth';
import { RulesService } from '../rules.service';
import { MANUAL_RUN_JOB, ManualRunParams } from './manual-run.handler';
import { RunRuleDto } from './run-rule.dto';

/** `POST /rules/{id}/run` (contract §11): one rule over existing tickets, as a job. */
@Injectable()
export class ManualRunsService {
  constructor(
    private readonly rules: RulesService,
    private readonly tickets: TicketsService,
    private readonly listing: TicketListing,
    private readonly jobs: JobsService,
    private readonly tx: TransactionRunner,
  ) {}

  async start(principal: Principal, ruleId: string, dto: RunRuleDto): Promise<Job> {
    if ((dto.ticket_ids === undefined) === (dto.filter === undefined)) {
      const message = 'exactly one of ticket_ids and filter is required';
      throw new ApiError(ErrorCode.ValidationFailed, message, [
        { field: 'ticket_ids', message },
        { field: 'filter', message },
      ]);
    }
    const rule = await this.rules.get(principal, ruleId);
    if (!dto.force) {
      if (!rule.events.includes('manual')) {
        throw conflict(`the rule runs on ${rule.events.join(', ')}, not on request; pass force: true to run it anyway`, [
          { field: 'force', message: 'required for a rule whose events are not manual' },
        ]);
      }
      if (!rule.enabled) {
        throw conflict('the rule is disabled; enable it or pass force: true', [
          { field: 'force', message: 'required for a disabled rule' },
        ]);
      }
    }
    const actor = actorOf(principal);
    const selection = dto.ticket_ids ? await this.byIds(principal, dto.ticket_ids) : await this.byFilter(principal, dto);
    const params: ManualRunParams = { rule_id: rule.id, actor, ...selection.params };
    return this.tx.run((manager) =>
      this.jobs.enqueue(manager, {
        workspaceId: principal.workspaceId,
        kind: MANUAL_RUN_JOB,
        params: { ...params },
        total: selection.total,
      }),
    );
  }

  /** Every id a ticket of the workspace (404 on its path otherwise), in id order, once each. */
  private async byIds(principal: Principal, ids: string[]) {
    const missing: ErrorDetail[] = [];
    for (const [i, id] of ids.entries()) {
      if (ids.indexOf(id) === i && !(await this.tickets.exists(principal.workspaceId, id)))
        missing.push({ field: `ticket_ids[${i}]`, message: 'no such ticket' });
    }
    if (missing.length) throw new ApiError(ErrorCode.NotFound, `${missing[0].field} does not match any ticket`, missing);
    const unique = [...new Set(ids)].sort();
    return { params: { ticket_ids: unique }, total: unique.length };
  }

  /** The filter's tickets created before now: a fixed set, walked oldest first. */
  private async byFilter(principal: Principal, dto: RunRuleDto) {
    const now = new Date();
    const before = dto.filter!.created_before;
    const query = Object.assign(new ListTicketsQuery(), dto.filter, {
      limit: 1,
      sort: 'created_at',
      order: 'asc',
      created_before: before !== undefined && Date.parse(before) < now.getTime() ? before : iso(now),
    });
    const filters = ticketFilters(query);
    const { meta } = await this.listing.list(principal, query);
    return { params: { filters }, total: meta.total };
  }
}
