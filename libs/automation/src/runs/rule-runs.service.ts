import { Injectable } from '@nestjs/common';
import { notFound, Page } from '@relay/common';
import { TicketsService } from '@relay/tickets';
import type { Principal } from '@relay/auth';
import { RulesService } from '../rules.service';
import { ListRuleRunsQuery } from './dto/list-rule-runs.query';
import { ListTicketRunsQuery } from './dto/list-ticket-runs.query';
import { RuleRun } from './rule-run.entity';
import { RuleRunsRepository } from './rule-runs.repository';

/** The run log as the API reads it: per rule (newest first) and per ticket (oldest first). */
@Injectable()
export class RuleRunsService {
  constructor(
    private readonly runs: RuleRunsRepository,
    private readonly rules: RulesService,
    private readonly tickets: TicketsService,
  ) {}

  async forRule(principal: Principal, ruleId: string, query: ListRuleRunsQuery): Promise<Page<RuleRun>> {
    await this.rules.get(principal, ruleId);
    const { ticket_id, created_after, status, ...paging } = query;
    return this.runs.list(principal.workspaceId, { ruleId, ticketId: ticket_id, createdAfter: created_after, status }, paging, 'rule_runs');
  }

  async forTicket(principal: Principal, ticketId: string, query: ListTicketRunsQuery): Promise<Page<RuleRun>> {
    if (!(await this.tickets.exists(principal.workspaceId, ticketId))) throw notFound('ticket');
    return this.runs.list(principal.workspaceId, { ticketId }, query, 'ticket_rule_runs');
  }
}
