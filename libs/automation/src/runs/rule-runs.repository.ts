import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, LessThan, Repository } from 'typeorm';
import { KeysetPaginator, ListQueryDto, Page } from '@relay/common';
import { TransactionRunner } from '@relay/database';
import { RuleRun } from './rule-run.entity';
import type { RuleRunStatus } from './rule-run.entity';

export interface RuleRunFilters {
  ruleId?: string;
  ticketId?: string;
  createdAfter?: string;
  status?: RuleRunStatus;
}

/** Reads and expiry of the run log (rule_runs); the rules' execution writes it. */
@Injectable()
export class RuleRunsRepository {
  constructor(
    @InjectRepository(RuleRun) private readonly runs: Repository<RuleRun>,
    private readonly paginator: KeysetPaginator,
    private readonly tx: TransactionRunner,
  ) {}

  /**
   * A workspace's runs matching `filters`, paged on (created_at, id). Runs never change, so
   * `sort=updated_at` pages on created_at as well.
   */
  list(workspaceId: string, filters: RuleRunFilters, query: ListQueryDto, resource: string): Promise<Page<RuleRun>> {
    const qb = this.runs.createQueryBuilder('r').where('r.workspaceId = :ws', { ws: workspaceId });
    if (filters.ruleId !== undefined) qb.andWhere('r.ruleId = :ruleId', { ruleId: filters.ruleId });
    if (filters.ticketId !== undefined) qb.andWhere('r.ticketId = :ticketId', { ticketId: filters.ticketId });
    if (filters.status !== undefined) qb.andWhere('r.status = :status', { status: filters.status });
    if (filters.createdAfter !== undefined) qb.andWhere('r.createdAt > :after', { after: new Date(filters.createdAfter).getTime() });
    return this.paginator.paginate(
      qb,
      { ...query, sort: 'created_at' },
      resource,
      { ...filters },
      {
        after: filters.createdAfter !== undefined ? ['created_at'] : [],
      },
    );
  }

  /**
   * Deletes at most `limit` runs created before `before`, oldest first, in one short
   * transaction (so expiry never holds the writers' lock for long); returns how many went.
   */
  async deleteBefore(before: Date, limit: number): Promise<number> {
    return this.tx.run(async (manager) => {
      const ids = await manager.find(RuleRun, {
        select: { id: true },
        where: { createdAt: LessThan(before) },
        order: { createdAt: 'ASC' },
        take: limit,
      });
      if (ids.length) await manager.delete(RuleRun, { id: In(ids.map((run) => run.id)) });
      return ids.length;
    });
  }
}
