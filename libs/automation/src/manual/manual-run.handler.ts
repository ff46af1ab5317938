import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Job, JobBatch, JobHandler, JobItemOutcome } from '@relay/jobs';
import { TicketFilters, TicketListing } from '@relay/tickets';
import type { Actor } from '@relay/events';
import { Rule } from '../rule.entity';
import { RuleExecutor } from '../execution/rule-executor';

export const MANUAL_RUN_JOB = 'rule_run';

/** What a manual run's job keeps: the rule, who started it, and either the ids or the filters. */
export interface ManualRunParams {
  rule_id: string;
  actor: Actor;
  ticket_ids?: string[];
  filters?: TicketFilters;
}

/**
 * A manual run as a job: tickets in a fixed order (the ids as sorted when the job was made, or
 * the filter's tickets oldest first), the cursor being where the last batch ended.
 */
@Injectable()
export class ManualRunHandler implements JobHandler {
  constructor(
    private readonly listing: TicketListing,
    private readonly executor: RuleExecutor,
  ) {}

  async next(job: Job, limit: number): Promise<JobBatch> {
    const params = job.params as unknown as ManualRunParams;
    if (params.ticket_ids) {
      const from = Number(job.cursor ?? 0);
      const to = from + limit;
      return { items: params.ticket_ids.slice(from, to), cursor: to < params.ticket_ids.length ? String(to) : null };
    }
    const position = { limit, cursor: job.cursor ?? undefined, sort: 'created_at' as const, order: 'asc' as const };
    const page = await this.listing.batch(job.workspaceId, params.filters ?? {}, position);
    return { items: page.items.map((ticket) => ticket.id), cursor: page.meta.next_cursor };
  }

  async apply(manager: EntityManager, job: Job, ticketIds: string[]): Promise<JobItemOutcome[]> {
    const params = job.params as unknown as ManualRunParams;
    const rule = await manager.findOneBy(Rule, { id: params.rule_id, workspaceId: job.workspaceId });
    // Thrown, so the job fails instead of counting every remaining ticket as failed.
    if (!rule) throw new Error('the rule was deleted');
    return this.executor.applyManual(manager, job.workspaceId, rule, ticketIds, params.actor);
  }
}
