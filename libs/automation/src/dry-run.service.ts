import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ApiError, ErrorCode, ErrorDetail, ListQueryDto, validationFailed } from '@relay/common';
import { ConversationsService } from '@relay/conversations';
import { CustomersService } from '@relay/customers';
import { ListTicketsQuery, TaggedTicket, TicketListing, TicketsService } from '@relay/tickets';
import type { Principal } from '@relay/auth';
import { evaluateRule, FIELDS, runPass } from './engine';
import type { ActionResult, EngineRule, RuleEvent, RuleOutcome, TargetCheck, TicketSnapshot, Trigger } from './engine';
import { DraftDryRunDto, DryRunDto } from './dto/dry-run.dto';
import type { DryRunActionResponse, DryRunData, DryRunEmitResponse, DryRunMeta, DryRunTicketResult } from './dto/dry-run.response';
import { Rule } from './rule.entity';
import { RulesService } from './rules.service';
import { snapshotOf } from './execution/snapshot';

/** The rule a dry-run tries: a saved one, or a draft that takes the id `draft`. */
interface TriedRule extends EngineRule {
  events: RuleEvent[];
}

const DRAFT_ID = 'draft';
const CHANGEABLE = new Set(Object.values(FIELDS).flatMap((spec) => (spec.change ? [spec.change] : [])));

/**
 * Contract §11 dry-run: the engine's own evaluation over real tickets, read through the owning
 * modules' public APIs, and nothing written — no transaction is opened, so nothing can be.
 */
@Injectable()
export class DryRunService {
  constructor(
    @InjectRepository(Rule) private readonly rules: Repository<Rule>,
    private readonly ruleService: RulesService,
    private readonly tickets: TicketsService,
    private readonly listing: TicketListing,
    private readonly customers: CustomersService,
    private readonly conversations: ConversationsService,
  ) {}

  async draft(principal: Principal, dto: DraftDryRunDto): Promise<{ data: DryRunData; meta: DryRunMeta }> {
    const draft = dto.rule;
    const body = await prefixed('rule', () =>
      this.ruleService.checked(principal.workspaceId, {
        events: draft.events as RuleEvent[],
        conditions: draft.conditions ?? { all: [], any: [] },
        actions: draft.actions,
      }),
    );
    const rule: TriedRule = {
      id: DRAFT_ID,
      position: draft.position ?? Number.MAX_SAFE_INTEGER,
      events: body.events,
      conditions: body.conditions,
      actions: body.actions,
      stop_processing: draft.stop_processing ?? false,
    };
    return this.run(principal, rule, dto);
  }

  async saved(principal: Principal, id: string, dto: DryRunDto): Promise<{ data: DryRunData; meta: DryRunMeta }> {
    const saved = await this.ruleService.get(principal, id);
    const rule: TriedRule = {
      id: saved.id,
      position: saved.position,
      events: saved.events as RuleEvent[],
      conditions: saved.conditions as TriedRule['conditions'],
      actions: saved.actions as TriedRule['actions'],
      stop_processing: saved.stopProcessing,
    };
    return this.run(principal, rule, dto);
  }

  private async run(principal: Principal, rule: TriedRule, dto: DryRunDto): Promise<{ data: DryRunData; meta: DryRunMeta }> {
    const event = (dto.event ?? rule.events[0]) as RuleEvent;
    if (!rule.events.includes(event)) throw validationFailed('event', `must be one of the rule's events: ${rule.events.join(', ')}`);
    if (dto.changes !== undefined) assertChanges(dto.changes, event);
    const pass = dto.mode === 'pass' ? await this.passRules(principal.workspaceId, rule, event) : [rule];
    const { tickets, meta } = await this.chosenTickets(principal, dto);
    const check = await this.ruleService.targetCheck(
      principal.workspaceId,
      pass,
      tickets.map(({ ticket }) => ticket.teamId),
    );
    const results: DryRunTicketResult[] = [];
    const emails = new Map<string, string | null>();
    // The thread is read per ticket: only when some condition in play looks at it.
    const readsConversation = pass.some(({ conditions }) =>
      [...conditions.all, ...conditions.any].some((condition) => condition.field.startsWith('conversation.')),
    );
    for (const tagged of tickets) {
      const snapshot = await this.snapshot(principal, tagged, emails);
      const trigger: Trigger = {
        event,
        actor_type: 'user',
        ...(dto.changes ? { changes: dto.changes } : {}),
        conversation: readsConversation ? await this.conversation(principal, tagged, event, dto) : null,
      };
      results.push(
        explain(tagged, dto.mode === 'pass' ? runPass(pass, snapshot, trigger, { check }).rules : null, rule, snapshot, trigger, check),
      );
    }
    return { data: { evaluated: results.length, matched: results.filter((r) => r.matched).length, results }, meta };
  }

  /** Exactly one of ticket_ids and filter; ids of nothing in the workspace are 404 on their path. */
  private async chosenTickets(principal: Principal, dto: DryRunDto): Promise<{ tickets: TaggedTicket[]; meta: DryRunMeta }> {
    if ((dto.ticket_ids === undefined) === (dto.filter === undefined)) {
      const message = 'exactly one of ticket_ids and filter is required';
      throw new ApiError(ErrorCode.ValidationFailed, message, [
        { field: 'ticket_ids', message },
        { field: 'filter', message },
      ]);
    }
    if (dto.ticket_ids) {
      for (const field of ['limit', 'cursor'] as const) {
        if (dto[field] !== undefined) throw validationFailed(field, 'is only accepted with filter');
      }
      const ids = [...new Set(dto.ticket_ids)];
      const tickets: TaggedTicket[] = [];
      const missing: ErrorDetail[] = [];
      for (const [i, id] of ids.entries()) {
        try {
          tickets.push(await this.tickets.get(principal, id));
        } catch (error) {
          if (!(error instanceof ApiError) || error.code !== ErrorCode.NotFound) throw error;
          missing.push({ field: `ticket_ids[${dto.ticket_ids.indexOf(id, i)}]`, message: 'no such ticket' });
        }
      }
      if (missing.length) throw new ApiError(ErrorCode.NotFound, `${missing[0].field} does not match any ticket`, missing);
      return { tickets, meta: { limit: ids.length, next_cursor: null } };
    }
    const query = Object.assign(new ListTicketsQuery(), dto.filter, {
      limit: dto.limit ?? new ListQueryDto().limit,
      cursor: dto.cursor,
      sort: 'created_at',
      order: 'desc',
    });
    const page = await this.listing.list(principal, query);
    return { tickets: page.items, meta: { limit: page.meta.limit, next_cursor: page.meta.next_cursor } };
  }

  /** The ticket as rules see it: its fields and tags, and its customer's email (read once per customer). */
  private async snapshot(principal: Principal, tagged: TaggedTicket, emails: Map<string, string | null>): Promise<TicketSnapshot> {
    const customerId = tagged.ticket.customerId;
    if (!emails.has(customerId)) emails.set(customerId, (await this.customers.get(principal, customerId)).email ?? null);
    return snapshotOf(tagged, emails.get(customerId) ?? null);
  }

  /** The hypothetical entry given, or on ticket.created the description (the thread's first entry). */
  private async conversation(
    principal: Principal,
    { ticket }: TaggedTicket,
    event: RuleEvent,
    dto: DryRunDto,
  ): Promise<Trigger['conversation']> {
    if (dto.conversation) {
      return {
        body: dto.conversation.body,
        type: dto.conversation.type ?? 'reply',
        author_type: dto.conversation.author_type ?? 'customer',
      };
    }
    if (event !== 'ticket.created') return null;
    const first = Object.assign(new ListQueryDto(), { limit: 1, order: 'asc' as const });
    const [entry] = (await this.conversations.listForTicket(principal, ticket.id, first)).items;
    return entry ? { body: entry.body, type: entry.type, author_type: entry.authorType } : null;
  }

  /** The enabled rules of the event with `rule` at its position, as a save would place it. */
  private async passRules(workspaceId: string, rule: TriedRule, event: RuleEvent): Promise<EngineRule[]> {
    const all = await this.rules.find({ where: { workspaceId }, order: { position: 'ASC' } });
    const others = all.filter((other) => other.id !== rule.id);
    const position = Math.min(rule.position, others.length + 1);
    const shift = rule.id === DRAFT_ID ? 1 : 0;
    const enabled = others
      .filter((other) => other.enabled && other.events.includes(event))
      .map((other) => ({
        id: other.id,
        position: other.position >= position ? other.position + shift : other.position,
        conditions: other.conditions as EngineRule['conditions'],
        actions: other.actions as EngineRule['actions'],
        stop_processing: other.stopProcessing,
      }));
    return [...enabled, { ...rule, position }].sort((a, b) => a.position - b.position);
  }
}

/** One ticket's answer: the tried rule's conditions and actions, what would be emitted, the pass. */
function explain(
  tagged: TaggedTicket,
  pass: RuleOutcome[] | null,
  rule: TriedRule,
  snapshot: TicketSnapshot,
  trigger: Trigger,
  check: TargetCheck,
): DryRunTicketResult {
  const outcomes = pass ?? runPass([rule], snapshot, trigger, { check }).rules;
  const own = outcomes.find((outcome) => outcome.rule_id === rule.id)!;
  // A rule the pass never reached (an earlier stop_processing) still explains its conditions.
  const conditions = own.evaluated ? own.conditions : evaluateRule(rule, snapshot, trigger).conditions;
  return {
    ticket_id: tagged.ticket.id,
    number: tagged.ticket.number,
    matched: own.evaluated ? own.matched : false,
    conditions,
    actions: own.actions.map(actionResponse),
    would_emit: outcomes.flatMap(emitted),
    pass: pass ? pass.map(({ rule_id, position, matched, fired, stopped }) => ({ rule_id, position, matched, fired, stopped })) : null,
  };
}

function actionResponse(action: ActionResult): DryRunActionResponse {
  return {
    index: action.index,
    type: action.type,
    status: action.status === 'apply' ? 'would_apply' : 'skipped',
    ...(action.reason ? { reason: action.reason } : {}),
    changes: action.changes,
  };
}

/** The events a fired rule appends, in the order a real pass appends them. */
function emitted(outcome: RuleOutcome): DryRunEmitResponse[] {
  if (!outcome.fired) return [];
  const types: string[] = [];
  if ('status' in outcome.changes) types.push('ticket.status_changed');
  if (Object.keys(outcome.changes).length) types.push('ticket.updated');
  if ('team_id' in outcome.changes || 'assignee_id' in outcome.changes) types.push('ticket.assigned');
  for (const action of outcome.actions) {
    if (action.status === 'apply' && action.type === 'add_note') types.push('conversation.created');
    // A webhook or a channel message goes out as an automation.triggered addressed to it.
    if (action.status === 'apply' && (action.type === 'send_webhook' || action.type === 'notify_channel'))
      types.push('automation.triggered');
  }
  if (outcome.actions.some((action) => action.status === 'failed')) types.push('automation.action_failed');
  return types.map((type) => ({ type, rule_id: outcome.rule_id }));
}

function assertChanges(changes: Record<string, unknown>, event: RuleEvent): void {
  if (event !== 'ticket.updated') throw validationFailed('changes', 'is only accepted with event ticket.updated');
  for (const [field, change] of Object.entries(changes)) {
    if (!CHANGEABLE.has(field as never)) throw validationFailed(`changes.${field}`, `must be one of: ${[...CHANGEABLE].join(', ')}`);
    if (typeof change !== 'object' || change === null || !('from' in change) || !('to' in change)) {
      throw validationFailed(`changes.${field}`, 'must be an object {from, to}');
    }
  }
}

/** The draft is checked like POST /rules; its errors name their path under `rule`. */
async function prefixed<T>(path: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const details = error.details.map((detail) => (detail.field ? { ...detail, field: `${path}.${detail.field}` } : detail));
    const message = details[0]?.field ? `${details[0].field} ${details[0].message}` : error.message;
    throw new ApiError(error.code, message, details, error.headers);
  }
}
