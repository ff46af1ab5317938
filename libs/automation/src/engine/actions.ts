import { normaliseTagName, tagNameKey } from '@relay/tags';
import type { Action, ActionResult, TargetCheck, TicketChanges, TicketSnapshot } from './types';

/** A ticket carries at most 50 tags (contract §5). */
const TAGS_PER_TICKET = 50;

export interface ActionOutcome {
  result: ActionResult;
  /** The ticket after the action (the same object when nothing changed). */
  ticket: TicketSnapshot;
}

/**
 * What `action` would do to `ticket`: a pure computation, so execution and dry-run share it.
 * Actions acting outside the ticket (a note, a webhook, a channel message) change no field and
 * apply when their target is usable; the caller performs them.
 */
export function applyAction(action: Action, index: number, ticket: TicketSnapshot, check: TargetCheck): ActionOutcome {
  const outcome = (status: ActionResult['status'], changes: TicketChanges = {}, next = ticket, reason?: string): ActionOutcome => ({
    result: { index, type: action.type, status, ...(reason ? { reason } : {}), changes },
    ticket: next,
  });
  const failed = (reason: string) => outcome('failed', {}, ticket, reason);
  const set = (field: 'status' | 'priority' | 'assignee_id' | 'team_id', to: string | null): ActionOutcome => {
    if (ticket[field] === to) return outcome('skipped', {}, ticket, 'no_change');
    return outcome('apply', { [field]: { from: ticket[field], to } }, { ...ticket, [field]: to });
  };
  const tags = (changed: string[]): ActionOutcome => {
    const before = new Set(ticket.tags.map(tagNameKey));
    if (changed.length === before.size && changed.every((tag) => before.has(tagNameKey(tag)))) {
      return outcome('skipped', {}, ticket, 'no_change');
    }
    if (changed.length > TAGS_PER_TICKET) return failed('tag_limit');
    return outcome('apply', { tags: { from: ticket.tags, to: changed } }, { ...ticket, tags: changed });
  };

  switch (action.type) {
    case 'set_status':
      return set('status', String(action.status));
    case 'set_priority':
      return set('priority', String(action.priority));
    case 'set_assignee': {
      const userId = (action.user_id as string | null) ?? null;
      const problem = userId === null ? null : check.user(userId, ticket.team_id);
      return problem ? failed(problem) : set('assignee_id', userId);
    }
    case 'set_team': {
      // The assignee's membership and automatic assignment follow when the change is applied.
      const teamId = (action.team_id as string | null) ?? null;
      const problem = teamId === null ? null : check.team(teamId);
      return problem ? failed(problem) : set('team_id', teamId);
    }
    case 'add_tags':
      return tags(withTags(ticket.tags, action.tags as string[]));
    case 'remove_tags': {
      const removed = new Set((action.tags as string[]).map(tagNameKey));
      return tags(ticket.tags.filter((tag) => !removed.has(tagNameKey(tag))));
    }
    case 'add_note':
      return outcome('apply');
    case 'send_webhook': {
      const problem = check.webhook(String(action.webhook_id));
      return problem ? failed(problem) : outcome('apply');
    }
    case 'notify_channel': {
      const problem = check.channel(String(action.channel_id));
      return problem ? failed(problem) : outcome('apply');
    }
    default:
      return failed('unknown_action');
  }
}

/** The ticket's tags plus `names` (an existing tag keeps its spelling), sorted as the API lists them. */
function withTags(current: string[], names: string[]): string[] {
  const byKey = new Map(current.map((tag) => [tagNameKey(tag), tag]));
  for (const name of names) {
    const key = tagNameKey(name);
    if (!byKey.has(key)) byKey.set(key, normaliseTagName(name));
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, tag]) => tag);
}
