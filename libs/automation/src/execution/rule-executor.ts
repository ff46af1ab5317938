import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { newId } from '@relay/common';
import { ConversationWriter } from '@relay/conversations';
import { CustomersService } from '@relay/customers';
import { TransactionRunner } from '@relay/database';
import { automationActor, EventOutbox } from '@relay/events';
import type { Actor } from '@relay/events';
import { NotificationChannelsService } from '@relay/notifications';
import { TicketAutomation, TicketsService, toTicketResponse } from '@relay/tickets';
import type {
  AutomationEvent,
  AutomationTrigger,
  TaggedTicket,
  TicketAutomationRunner,
  TicketFields,
  TicketResponse,
} from '@relay/tickets';
import { WebhooksService } from '@relay/webhooks';
import type { JobItemOutcome } from '@relay/jobs';
import { evaluateRule, LIMITS, runPass } from '../engine';
import type { EngineRule, RuleOutcome, Trigger } from '../engine';
import { snapshotOf } from './snapshot';
import { Rule } from '../rule.entity';
import { RulesService } from '../rules.service';
import { RuleRun, RuleRunAction, RuleRunStatus } from '../runs/rule-run.entity';
import { EnabledRules } from './enabled-rules';

/** What a firing records as its cause: a pass's event, or a manual run (no event). */
type FiringTrigger = Pick<AutomationTrigger, 'actor'> & { event: AutomationTrigger['event'] | 'manual'; eventId: string | null };

/** `automation.action_failed`: which action of which rule could not apply to which ticket, and why. */
export interface ActionFailedData {
  rule_id: string;
  rule_name: string;
  run_id: string;
  ticket_id: string;
  action_index: number;
  action_type: string;
  code: string;
}

declare module '@relay/events' {
  interface EventPayloads {
    'automation.triggered': TicketResponse;
    'automation.action_failed': ActionFailedData;
  }
}

/** A rule that fired in a pass, and what its failed actions said (null: none failed). */
interface Fired {
  ruleId: string;
  lastError: string | null;
}

/**
 * Runs the workspace's rules inside the write transaction that triggered them (contract §11).
 * Rule by rule, in position order: each is evaluated by the engine on the ticket as the earlier
 * rules left it (automatic assignment included, which the engine cannot do), and a rule that
 * matches is applied at once through the tickets module's own change path, as its own actor.
 * Nothing here starts another pass. An action that cannot apply is skipped with its code; only
 * a database failure fails the caller's request (and rolls everything back with it).
 */
@Injectable()
export class RuleExecutor implements TicketAutomationRunner, OnModuleInit {
  private readonly logger = new Logger(RuleExecutor.name);

  constructor(
    private readonly port: TicketAutomation,
    private readonly enabled: EnabledRules,
    private readonly ruleService: RulesService,
    private readonly tickets: TicketsService,
    private readonly customers: CustomersService,
    private readonly writer: ConversationWriter,
    private readonly webhooks: WebhooksService,
    private readonly channels: NotificationChannelsService,
    private readonly outbox: EventOutbox,
    private readonly tx: TransactionRunner,
  ) {}

  onModuleInit(): void {
    this.port.bind(this);
  }

  async runs(manager: EntityManager, workspaceId: string, event: AutomationEvent): Promise<boolean> {
    return (await this.enabled.forEvent(manager, workspaceId, event)).length > 0;
  }

  async run(manager: EntityManager, tagged: TaggedTicket, trigger: AutomationTrigger): Promise<TaggedTicket | null> {
    const { ticket } = tagged;
    const rules = await this.enabled.forEvent(manager, ticket.workspaceId, trigger.event);
    if (!rules.length) return null;
    // The customer is read only when some rule of the pass looks at it and the caller did not say.
    const customerEmail =
      trigger.customerEmail !== undefined || !rules.some(readsCustomer)
        ? (trigger.customerEmail ?? null)
        : ((await this.customers.requireInWorkspace(manager, ticket.workspaceId, ticket.customerId)).email ?? null);
    const seen: Trigger = {
      event: trigger.event,
      actor_type: trigger.actor.type,
      ...(trigger.changes ? { changes: trigger.changes } : {}),
      conversation: trigger.conversation ?? null,
    };
    let current = tagged;
    let changed = false;
    let actionsRun = 0;
    const fired: Fired[] = [];
    for (const [i, rule] of rules.entries()) {
      if (i >= LIMITS.rulesPerPass || actionsRun >= LIMITS.actionsPerPass) {
        this.logger.warn(`pass_limit: ${rules.length - i} rule(s) of ${ticket.workspaceId} not run on ${ticket.id}`);
        break;
      }
      const engineRule = toEngineRule(rule);
      const snapshot = snapshotOf(current, customerEmail);
      if (!evaluateRule(engineRule, snapshot, seen).matched) continue;
      // Targets are read when a rule matches, in this transaction: as they are at this moment.
      const check = await this.ruleService.targetCheck(ticket.workspaceId, [engineRule], [current.ticket.teamId], manager);
      const [outcome] = runPass([engineRule], snapshot, seen, { check, actionsLimit: LIMITS.actionsPerPass - actionsRun }).rules;
      actionsRun += outcome.actions.filter((action) => action.reason !== 'pass_limit').length;
      const { after, lastError } = await this.fire(manager, rule, current, outcome, trigger);
      fired.push({ ruleId: rule.id, lastError });
      if (after) {
        current = after;
        changed = true;
      }
      if (rule.stopProcessing) break;
    }
    await this.count(manager, fired);
    return changed ? current : null;
  }

  /**
   * The fired rules' counters, last of all and in id order: a rule's row stays locked until the
   * caller commits, and taking it after every other lock of the pass (tickets, teams) means two
   * passes firing the same rules can never wait on each other in a cycle.
   */
  private async count(manager: EntityManager, fired: Fired[]): Promise<void> {
    const now = new Date();
    for (const { ruleId, lastError } of [...fired].sort((a, b) => (a.ruleId < b.ruleId ? -1 : 1))) {
      await manager
        .createQueryBuilder()
        .update(Rule)
        .set({ lastFiredAt: now, fireCount: () => 'fire_count + 1', ...(lastError ? { lastError } : {}) })
        .where('id = :id', { id: ruleId })
        .execute();
    }
  }

  /**
   * Applies a matched rule: its ticket changes as one change (one `ticket.updated`, plus
   * `status_changed`/`assigned`), then its notes, webhooks and messages, its failures as
   * events, and the run log entry. Answers the ticket if it changed, and what failed.
   */
  private async fire(
    manager: EntityManager,
    rule: Rule,
    tagged: TaggedTicket,
    outcome: RuleOutcome,
    trigger: FiringTrigger,
  ): Promise<{ after: TaggedTicket | null; lastError: string | null }> {
    const actor = automationActor(rule.id);
    const runId = newId('run');
    const workspaceId = rule.workspaceId;
    const actions: RuleRunAction[] = outcome.actions.map((action) => ({
      index: action.index,
      type: action.type,
      status: action.status === 'apply' ? 'applied' : action.status,
      changes: action.changes,
      error: action.reason ?? null,
    }));
    const fields = Object.fromEntries(Object.entries(outcome.changes).map(([field, change]) => [field, change.to])) as TicketFields;
    let after: TaggedTicket | null = null;
    if (Object.keys(fields).length) {
      const applied = await this.tickets.applyFields(manager, actor, tagged, fields);
      after = applied.tagged;
      // What a new team brought with it (a turn of automatic assignment, an assignee outside it dropped) is that action's doing.
      const setTeam = [...actions].reverse().find((action) => action.type === 'set_team' && action.status === 'applied');
      if (setTeam && applied.changes.assignee_id && !outcome.changes.assignee_id) {
        setTeam.changes = { ...setTeam.changes, assignee_id: applied.changes.assignee_id };
      }
    }
    const ticket = after ?? tagged;
    const context = {
      rule_id: rule.id,
      rule_name: rule.name,
      rule_version: rule.version,
      run_id: runId,
      trigger_event_id: trigger.eventId,
    };
    for (const [index, action] of rule.actions.entries()) {
      if (actions[index]?.status !== 'applied') continue;
      if (action.type === 'add_note') {
        await this.writer.append(manager, actor, ticket.ticket, {
          type: 'note',
          body: String(action.body),
          authorType: 'automation',
          authorId: rule.id,
        });
      } else if (action.type === 'send_webhook') {
        const event = await this.addressed(manager, actor, ticket, context);
        await this.webhooks.deliverAddressed(manager, workspaceId, String(action.webhook_id), event);
      } else if (action.type === 'notify_channel') {
        const text = typeof action.text === 'string' ? { text: action.text } : {};
        const event = await this.addressed(manager, actor, ticket, { ...context, ...text });
        await this.channels.deliverAddressed(manager, workspaceId, String(action.channel_id), event);
      }
    }
    const failed = actions.filter((action) => action.status === 'failed');
    for (const action of failed) {
      await this.outbox.append(manager, {
        workspaceId,
        actor,
        type: 'automation.action_failed',
        data: {
          rule_id: rule.id,
          rule_name: rule.name,
          run_id: runId,
          ticket_id: ticket.ticket.id,
          action_index: action.index,
          action_type: action.type,
          code: action.error!,
        },
      });
    }
    const now = new Date();
    await this.tx.insert(manager, RuleRun, {
      id: runId,
      workspaceId,
      ruleId: rule.id,
      ruleVersion: rule.version,
      ticketId: ticket.ticket.id,
      trigger: trigger.event,
      triggerEventId: trigger.eventId,
      actor: trigger.actor,
      status: runStatus(actions),
      actions,
      createdAt: now,
    });
    const lastError = failed.map((action) => `actions[${action.index}] ${action.type}: ${action.error}`).join('; ');
    return { after, lastError: lastError ? lastError.slice(0, 500) : null };
  }

  /**
   * A manual run's batch (contract §11): `rule` alone on each ticket, locked in `manager`'s
   * transaction, trigger `manual`, as `actor`; the rule's counters and then the ticket counts
   * last, in the order a pass takes them. A ticket deleted since the job began is skipped.
   */
  async applyManual(manager: EntityManager, workspaceId: string, rule: Rule, ticketIds: string[], actor: Actor): Promise<JobItemOutcome[]> {
    const engineRule = toEngineRule(rule);
    const seen: Trigger = { event: 'manual', actor_type: actor.type, conversation: null };
    const outcomes = new Map<string, JobItemOutcome>();
    const fired: Fired[] = [];
    const apply = async (tagged: TaggedTicket) => {
      const { ticket } = tagged;
      const customer = readsCustomer(rule) ? await this.customers.requireInWorkspace(manager, workspaceId, ticket.customerId) : null;
      const snapshot = snapshotOf(tagged, customer?.email ?? null);
      if (!evaluateRule(engineRule, snapshot, seen).matched) return void outcomes.set(ticket.id, 'skipped');
      const check = await this.ruleService.targetCheck(workspaceId, [engineRule], [ticket.teamId], manager);
      const [outcome] = runPass([engineRule], snapshot, seen, { check, actionsLimit: LIMITS.actionsPerPass }).rules;
      const { lastError } = await this.fire(manager, rule, tagged, outcome, { event: 'manual', eventId: null, actor });
      fired.push({ ruleId: rule.id, lastError });
      const failed = outcome.actions.length > 0 && outcome.actions.every((action) => action.status === 'failed');
      outcomes.set(ticket.id, failed ? 'failed' : 'applied');
    };
    await this.tickets.changeEach(manager, workspaceId, ticketIds, apply, () => this.count(manager, fired));
    return ticketIds.map((id) => outcomes.get(id) ?? 'skipped');
  }

  /** `automation.triggered`, recorded for one target only (never fanned out to `*` subscribers). */
  private addressed(manager: EntityManager, actor: Actor, ticket: TaggedTicket, context: Record<string, unknown>) {
    return this.outbox.appendAddressed(manager, {
      workspaceId: ticket.ticket.workspaceId,
      actor,
      type: 'automation.triggered',
      data: toTicketResponse(ticket),
      context,
    });
  }
}

function readsCustomer(rule: Rule): boolean {
  return [...rule.conditions.all, ...rule.conditions.any].some((condition) => condition.field.startsWith('customer.'));
}

function toEngineRule(rule: Rule): EngineRule {
  return {
    id: rule.id,
    position: rule.position,
    conditions: rule.conditions,
    actions: rule.actions,
    stop_processing: rule.stopProcessing,
  };
}

/** Every action that could apply did (skips are not failures), some failed, or nothing but failures. */
function runStatus(actions: RuleRunAction[]): RuleRunStatus {
  const failed = actions.filter((action) => action.status === 'failed').length;
  if (!failed) return 'applied';
  return actions.some((action) => action.status === 'applied') ? 'partially_failed' : 'failed';
}
