import { ROUTING_RULE_EXAMPLE } from '../rule.example';
import { applyAction } from './actions';
import { evaluateCondition } from './conditions';
import { runPass } from './pass';
import { patternProblem } from './pattern';
import { comparable, examined } from './text';
import type { Condition, EngineRule, TargetCheck, TicketSnapshot, Trigger } from './types';
import { checkRule } from './validate';

const ticket: TicketSnapshot = {
  id: 'tkt_1',
  status: 'open',
  priority: 'normal',
  channel: 'email',
  subject: 'Refund for order 1042',
  tags: ['Billing'],
  assignee_id: null,
  team_id: null,
  customer_email: 'Sam@ACME.com',
};
const created: Trigger = {
  event: 'ticket.created',
  actor_type: 'user',
  conversation: { body: 'I was charged twice', type: 'reply', author_type: 'customer' },
};
const usable: TargetCheck = { user: () => null, team: () => null, webhook: () => null, channel: () => null };

const holds = (condition: Condition, trigger: Trigger = created, on: TicketSnapshot = ticket) =>
  evaluateCondition(condition, 'all', 0, on, trigger).result;

const rule = (id: string, position: number, over: Partial<EngineRule> = {}): EngineRule => ({
  id,
  position,
  conditions: { all: [], any: [] },
  actions: [],
  stop_processing: false,
  ...over,
});

describe('text', () => {
  it('examines the first 64 KiB only, never splitting a character', () => {
    const long = 'é'.repeat(40_000); // 80,000 bytes
    const cut = examined(long);
    expect(Buffer.byteLength(cut)).toBe(65_536);
    expect(cut).toBe('é'.repeat(32_768));
    expect(examined('a'.repeat(65_535) + '€')).toBe('a'.repeat(65_535));
  });

  it('normalises to NFC and lower-cases unless case-sensitive', () => {
    expect(comparable('Cafe\u0301', false)).toBe('café');
    expect(comparable('Cafe\u0301', true)).toBe('Café');
  });
});

describe('conditions', () => {
  it('compares text case-insensitively and NFC-normalised by default', () => {
    expect(holds({ field: 'ticket.subject', operator: 'contains', value: 'REFUND' })).toBe(true);
    expect(holds({ field: 'ticket.subject', operator: 'contains', value: 'REFUND', case_sensitive: true })).toBe(false);
    expect(holds({ field: 'ticket.subject', operator: 'eq', value: 'refund for order 1042' })).toBe(true);
    expect(holds({ field: 'ticket.subject', operator: 'neq', value: 'refund' })).toBe(true);
    expect(holds({ field: 'ticket.subject', operator: 'starts_with', value: 'refund' })).toBe(true);
    expect(holds({ field: 'ticket.subject', operator: 'ends_with', value: '1042' })).toBe(true);
    expect(holds({ field: 'ticket.subject', operator: 'not_contains', value: 'invoice' })).toBe(true);
    expect(holds({ field: 'conversation.body', operator: 'contains_any', value: ['chargeback', 'CHARGED'] })).toBe(true);
    const accented = { ...ticket, subject: 'Cafe\u0301 order' };
    expect(holds({ field: 'ticket.subject', operator: 'contains', value: 'CAFÉ' }, created, accented)).toBe(true);
  });

  it('reads the customer email and its domain', () => {
    expect(holds({ field: 'customer.email_domain', operator: 'eq', value: 'acme.com' })).toBe(true);
    expect(holds({ field: 'customer.email', operator: 'ends_with', value: '@acme.com' })).toBe(true);
    const result = evaluateCondition({ field: 'customer.email_domain', operator: 'eq', value: 'acme.com' }, 'any', 3, ticket, created);
    expect(result).toEqual({
      group: 'any',
      index: 3,
      field: 'customer.email_domain',
      operator: 'eq',
      value: 'acme.com',
      actual: 'acme.com',
      result: true,
    });
  });

  it('treats a missing text as empty, and blank as empty', () => {
    const bare: Trigger = { event: 'ticket.created', actor_type: 'user', conversation: null };
    expect(holds({ field: 'conversation.body', operator: 'is_empty' }, bare)).toBe(true);
    expect(holds({ field: 'conversation.body', operator: 'contains', value: 'x' }, bare)).toBe(false);
    expect(holds({ field: 'conversation.body', operator: 'not_contains', value: 'x' }, bare)).toBe(true);
    expect(holds({ field: 'ticket.subject', operator: 'is_empty' }, created, { ...ticket, subject: '   ' })).toBe(true);
    expect(holds({ field: 'ticket.subject', operator: 'is_not_empty' })).toBe(true);
  });

  it('matches a pattern case-insensitively unless case-sensitive', () => {
    expect(holds({ field: 'ticket.subject', operator: 'matches', value: 'ORDER \\d{4}' })).toBe(true);
    expect(holds({ field: 'ticket.subject', operator: 'matches', value: 'ORDER \\d{4}', case_sensitive: true })).toBe(false);
    expect(holds({ field: 'ticket.subject', operator: 'matches', value: '^Refund', case_sensitive: true })).toBe(true);
  });

  it('only looks at the first 64 KiB of a body', () => {
    const body = 'a'.repeat(70_000) + ' refund';
    const trigger: Trigger = { ...created, conversation: { body, type: 'reply', author_type: 'customer' } };
    expect(holds({ field: 'conversation.body', operator: 'contains', value: 'refund' }, trigger)).toBe(false);
    expect(holds({ field: 'conversation.body', operator: 'matches', value: 'refund' }, trigger)).toBe(false);
    const result = evaluateCondition({ field: 'conversation.body', operator: 'contains', value: 'x' }, 'all', 0, ticket, trigger);
    expect(String(result.actual)).toHaveLength(501);
  });

  it('compares enums and ids exactly', () => {
    expect(holds({ field: 'ticket.status', operator: 'eq', value: 'open' })).toBe(true);
    expect(holds({ field: 'ticket.priority', operator: 'in', value: ['high', 'urgent'] })).toBe(false);
    expect(holds({ field: 'ticket.priority', operator: 'not_in', value: ['high', 'urgent'] })).toBe(true);
    expect(holds({ field: 'ticket.channel', operator: 'neq', value: 'email' })).toBe(false);
    expect(holds({ field: 'actor.type', operator: 'eq', value: 'user' })).toBe(true);
    expect(holds({ field: 'ticket.assignee_id', operator: 'is_empty' })).toBe(true);
    expect(holds({ field: 'ticket.assignee_id', operator: 'eq', value: 'usr_1' }, created, { ...ticket, assignee_id: 'usr_1' })).toBe(true);
    expect(holds({ field: 'ticket.assignee_id', operator: 'in', value: ['usr_2'] }, created, { ...ticket, assignee_id: 'usr_1' })).toBe(
      false,
    );
  });

  it('compares tags case-insensitively', () => {
    expect(holds({ field: 'ticket.tags', operator: 'includes', value: 'billing' })).toBe(true);
    expect(holds({ field: 'ticket.tags', operator: 'excludes', value: 'vip' })).toBe(true);
    expect(holds({ field: 'ticket.tags', operator: 'includes_any', value: ['vip', 'BILLING'] })).toBe(true);
    expect(holds({ field: 'ticket.tags', operator: 'includes_all', value: ['vip', 'billing'] })).toBe(false);
  });

  it('reads changed / changed_from / changed_to from the triggering change', () => {
    const updated: Trigger = {
      event: 'ticket.updated',
      actor_type: 'user',
      changes: {
        priority: { from: 'normal', to: 'urgent' },
        tags: { from: ['a'], to: ['a', 'VIP'] },
        assignee_id: { from: 'usr_1', to: null },
      },
    };
    expect(holds({ field: 'ticket.priority', operator: 'changed' }, updated)).toBe(true);
    expect(holds({ field: 'ticket.status', operator: 'changed' }, updated)).toBe(false);
    expect(holds({ field: 'ticket.priority', operator: 'changed_to', value: 'urgent' }, updated)).toBe(true);
    expect(holds({ field: 'ticket.priority', operator: 'changed_from', value: 'urgent' }, updated)).toBe(false);
    expect(holds({ field: 'ticket.tags', operator: 'changed_to', value: 'vip' }, updated)).toBe(true);
    expect(holds({ field: 'ticket.tags', operator: 'changed_from', value: 'a' }, updated)).toBe(false);
    expect(holds({ field: 'ticket.assignee_id', operator: 'changed_to', value: null }, updated)).toBe(true);
    const result = evaluateCondition({ field: 'ticket.priority', operator: 'changed' }, 'all', 0, ticket, updated);
    expect(result.actual).toEqual({ from: 'normal', to: 'urgent' });
  });
});

describe('patterns', () => {
  it('refuses long, broken and catastrophic patterns', () => {
    expect(patternProblem('refund|chargeback')).toBeNull();
    expect(patternProblem('order\\s*#?\\d{3,8}')).toBeNull();
    expect(patternProblem('x'.repeat(201))).toMatch(/200/);
    expect(patternProblem('(')).toMatch(/valid/);
    expect(patternProblem('(a+)+$')).toMatch(/catastroph/);
    expect(patternProblem('^(\\w+\\s?)*$')).toMatch(/catastroph/);
  });
});

describe('actions', () => {
  it('computes changes without touching the ticket it was given', () => {
    const outcome = applyAction({ type: 'set_priority', priority: 'high' }, 0, ticket, usable);
    expect(outcome.result).toEqual({
      index: 0,
      type: 'set_priority',
      status: 'apply',
      changes: { priority: { from: 'normal', to: 'high' } },
    });
    expect(outcome.ticket.priority).toBe('high');
    expect(ticket.priority).toBe('normal');
  });

  it('skips an action that changes nothing as no_change', () => {
    expect(applyAction({ type: 'set_status', status: 'open' }, 1, ticket, usable).result).toMatchObject({
      status: 'skipped',
      reason: 'no_change',
    });
    expect(applyAction({ type: 'add_tags', tags: ['BILLING'] }, 0, ticket, usable).result.reason).toBe('no_change');
    expect(applyAction({ type: 'remove_tags', tags: ['vip'] }, 0, ticket, usable).result.reason).toBe('no_change');
    expect(applyAction({ type: 'set_assignee', user_id: null }, 0, ticket, usable).result.reason).toBe('no_change');
  });

  it('adds and removes tags case-insensitively, keeping the existing spelling', () => {
    const added = applyAction({ type: 'add_tags', tags: ['billing', ' vip  customer '] }, 0, ticket, usable);
    expect(added.ticket.tags).toEqual(['Billing', 'vip customer']);
    expect(added.result.changes).toEqual({ tags: { from: ['Billing'], to: ['Billing', 'vip customer'] } });
    expect(applyAction({ type: 'remove_tags', tags: ['BILLING'] }, 0, ticket, usable).ticket.tags).toEqual([]);
  });

  it('fails an action whose target cannot be used, with its code', () => {
    const check: TargetCheck = { ...usable, user: () => 'user_inactive', webhook: () => 'webhook_disabled' };
    expect(applyAction({ type: 'set_assignee', user_id: 'usr_9' }, 0, ticket, check).result).toMatchObject({
      status: 'failed',
      reason: 'user_inactive',
    });
    expect(applyAction({ type: 'send_webhook', webhook_id: 'whk_1' }, 0, ticket, check).result.reason).toBe('webhook_disabled');
    expect(applyAction({ type: 'notify_channel', channel_id: 'nch_1' }, 0, ticket, check).result.status).toBe('apply');
    expect(applyAction({ type: 'add_note', body: 'x' }, 0, ticket, check).result).toMatchObject({ status: 'apply', changes: {} });
  });

  it('sets and clears the team, refusing a team that cannot be used', () => {
    const routed = applyAction({ type: 'set_team', team_id: 'team_1' }, 0, ticket, usable);
    expect(routed.result).toMatchObject({ status: 'apply', changes: { team_id: { from: null, to: 'team_1' } } });
    expect(routed.ticket.team_id).toBe('team_1');
    expect(applyAction({ type: 'set_team', team_id: 'team_1' }, 0, routed.ticket, usable).result.reason).toBe('no_change');
    expect(applyAction({ type: 'set_team', team_id: null }, 0, routed.ticket, usable).result.changes).toEqual({
      team_id: { from: 'team_1', to: null },
    });
    const deleted: TargetCheck = { ...usable, team: () => 'team_deleted' };
    expect(applyAction({ type: 'set_team', team_id: 'team_2' }, 0, ticket, deleted).result).toMatchObject({
      status: 'failed',
      reason: 'team_deleted',
    });
  });

  it('checks an assignee against the team the ticket has at that point', () => {
    const seen: (string | null)[] = [];
    const check: TargetCheck = { ...usable, user: (_id, teamId) => (seen.push(teamId), teamId === 'team_1' ? 'user_not_member' : null) };
    const routed = applyAction({ type: 'set_team', team_id: 'team_1' }, 0, ticket, check).ticket;
    expect(applyAction({ type: 'set_assignee', user_id: 'usr_1' }, 1, ticket, check).result.status).toBe('apply');
    expect(applyAction({ type: 'set_assignee', user_id: 'usr_1' }, 1, routed, check).result.reason).toBe('user_not_member');
    expect(seen).toEqual([null, 'team_1']);
  });

  it('refuses to go beyond 50 tags', () => {
    const full = { ...ticket, tags: Array.from({ length: 50 }, (_, i) => `t${String(i).padStart(2, '0')}`) };
    expect(applyAction({ type: 'add_tags', tags: ['one-more'] }, 0, full, usable).result).toMatchObject({
      status: 'failed',
      reason: 'tag_limit',
    });
  });
});

describe('runPass', () => {
  const vip = rule('rul_vip', 1, {
    conditions: { all: [{ field: 'customer.email_domain', operator: 'in' as never, value: ['acme.com'] }], any: [] },
    actions: [
      { type: 'set_priority', priority: 'high' },
      { type: 'add_tags', tags: ['vip'] },
    ],
  });
  // The documented routing rule's conditions: subject or description mentions a refund.
  const billing = rule('rul_billing', 2, {
    conditions: ROUTING_RULE_EXAMPLE.conditions,
    actions: [
      { type: 'add_tags', tags: ['billing'] },
      { type: 'add_note', body: 'Billing' },
    ],
  });

  it('runs rules in position order, each seeing what the earlier left', () => {
    const seesVip = rule('rul_sees', 3, {
      conditions: { all: [{ field: 'ticket.tags', operator: 'includes', value: 'vip' }], any: [] },
      actions: [{ type: 'set_status', status: 'pending' }],
    });
    const pass = runPass([seesVip, billing, vip], ticket, created, { check: usable });
    expect(pass.rules.map((r) => [r.rule_id, r.fired])).toEqual([
      ['rul_vip', true],
      ['rul_billing', true],
      ['rul_sees', true],
    ]);
    expect(pass.ticket).toMatchObject({ priority: 'high', status: 'pending', tags: ['Billing', 'vip'] });
    expect(pass.rules[0].changes).toEqual({
      priority: { from: 'normal', to: 'high' },
      tags: { from: ['Billing'], to: ['Billing', 'vip'] },
    });
    expect(pass.rules[1].actions.map((a) => [a.type, a.status, a.reason])).toEqual([
      ['add_tags', 'skipped', 'no_change'],
      ['add_note', 'apply', undefined],
    ]);
  });

  it('explains a rule that did not match, condition by condition', () => {
    const other = { ...ticket, customer_email: 'x@other.org', subject: 'Hello' };
    const pass = runPass([vip], other, { ...created, conversation: null }, { check: usable });
    expect(pass.rules[0]).toMatchObject({ evaluated: true, matched: false, fired: false, actions: [] });
    expect(pass.rules[0].conditions[0]).toMatchObject({ actual: 'other.org', result: false });
  });

  it('fires two rules that undo each other once each', () => {
    const up = rule('rul_up', 1, { actions: [{ type: 'set_priority', priority: 'high' }] });
    const down = rule('rul_down', 2, { actions: [{ type: 'set_priority', priority: 'normal' }] });
    const pass = runPass([up, down], ticket, created, { check: usable });
    expect(pass.rules.map((r) => r.fired)).toEqual([true, true]);
    expect(pass.ticket.priority).toBe('normal');
  });

  it('ends the pass at a fired rule with stop_processing', () => {
    const stop = rule('rul_stop', 1, { stop_processing: true, actions: [{ type: 'set_priority', priority: 'high' }] });
    const after = rule('rul_after', 2, { actions: [{ type: 'set_status', status: 'pending' }] });
    const pass = runPass([stop, after], ticket, created, { check: usable });
    expect(pass.rules[0]).toMatchObject({ fired: true, stopped: true });
    expect(pass.rules[1]).toMatchObject({ evaluated: false, fired: false });
    expect(pass.ticket.status).toBe('open');
  });

  it('does not stop at a rule with stop_processing that did not match', () => {
    const stop = rule('rul_stop', 1, {
      stop_processing: true,
      conditions: { all: [{ field: 'ticket.status', operator: 'eq', value: 'closed' }], any: [] },
      actions: [{ type: 'set_priority', priority: 'high' }],
    });
    const after = rule('rul_after', 2, { actions: [{ type: 'set_status', status: 'pending' }] });
    expect(runPass([stop, after], ticket, created, { check: usable }).rules[1].fired).toBe(true);
  });

  it('logs rules beyond 100 and actions beyond 200 as pass_limit', () => {
    const many = Array.from({ length: 102 }, (_, i) => rule(`rul_${i}`, i + 1, { actions: [{ type: 'add_note', body: 'n' }] }));
    const pass = runPass(many, ticket, created, { check: usable });
    expect(pass.rules.filter((r) => r.fired)).toHaveLength(100);
    expect(pass.rules.slice(100).map((r) => r.reason)).toEqual(['pass_limit', 'pass_limit']);

    const heavy = Array.from({ length: 11 }, (_, i) =>
      rule(`rul_${i}`, i + 1, { actions: Array.from({ length: 20 }, () => ({ type: 'add_note', body: 'n' })) }),
    );
    const limited = runPass(heavy, ticket, created, { check: usable });
    expect(limited.rules[9].actions.every((a) => a.status === 'apply')).toBe(true);
    expect(limited.rules[10]).toMatchObject({ evaluated: false, reason: 'pass_limit' });
  });

  it('keeps running the other actions after one fails', () => {
    const check: TargetCheck = { ...usable, user: () => 'user_inactive' };
    const failing = rule('rul_f', 1, {
      actions: [
        { type: 'set_assignee', user_id: 'usr_x' },
        { type: 'set_priority', priority: 'urgent' },
      ],
    });
    const pass = runPass([failing], ticket, created, { check });
    expect(pass.rules[0].actions.map((a) => a.status)).toEqual(['failed', 'apply']);
    expect(pass.ticket.priority).toBe('urgent');
  });

  it('takes under a millisecond per rule for 100 rules on a 64 KiB body', () => {
    const body = 'lorem ipsum '.repeat(6000);
    const trigger: Trigger = { ...created, conversation: { body, type: 'reply', author_type: 'customer' } };
    const rules = Array.from({ length: 100 }, (_, i) =>
      rule(`rul_${i}`, i + 1, {
        conditions: {
          all: [{ field: 'conversation.body', operator: 'matches', value: `refund\\s+#?${i}` }],
          any: [{ field: 'conversation.body', operator: 'contains_any', value: ['chargeback', 'dispute'] }],
        },
        actions: [{ type: 'add_tags', tags: ['x'] }],
      }),
    );
    runPass(rules, ticket, trigger, { check: usable });
    const started = performance.now();
    runPass(rules, ticket, trigger, { check: usable });
    expect(performance.now() - started).toBeLessThan(100);
  });
});

describe('checkRule', () => {
  const paths = (events: string[], conditions: unknown, actions: unknown) =>
    checkRule(events as never, conditions, actions).errors.map((e) => e.field);

  it('accepts the routing examples and normalises tag names', () => {
    const check = checkRule(
      ['ticket.created'],
      { all: [{ field: 'customer.email_domain', operator: 'in', value: ['acme.com'] }], any: [] },
      [
        { type: 'set_priority', priority: 'high' },
        { type: 'add_tags', tags: ['  vip '] },
      ],
    );
    expect(check.errors).toEqual([]);
    expect(check.actions[1]).toEqual({ type: 'add_tags', tags: ['vip'] });
  });

  it('names the exact path of every mismatch', () => {
    expect(
      paths(
        ['ticket.created'],
        {
          all: [
            { field: 'ticket.subject', operator: 'contains', value: 'a' },
            { field: 'ticket.status', operator: 'contains', value: 'open' },
            { field: 'ticket.priority', operator: 'eq', value: 'hot' },
          ],
          any: [
            { field: 'ticket.nope', operator: 'eq', value: 'x' },
            { field: 'ticket.subject', operator: 'matches', value: '(a+)+' },
          ],
        },
        [{ type: 'set_priority', priority: 'hot' }, { type: 'explode' }, { type: 'add_tags', tags: ['a,b'], extra: 1 }],
      ),
    ).toEqual([
      'conditions.all[1].operator',
      'conditions.all[2].value',
      'conditions.any[0].field',
      'conditions.any[1].value',
      'actions[0].priority',
      'actions[1].type',
      'actions[2].extra',
      'actions[2].tags[0]',
    ]);
  });

  it('refuses fields and operators the rule’s events cannot give', () => {
    expect(
      paths(['ticket.updated'], { all: [{ field: 'conversation.body', operator: 'contains', value: 'x' }] }, [
        { type: 'add_note', body: 'n' },
      ]),
    ).toEqual(['conditions.all[0].field']);
    expect(
      paths(['ticket.created'], { all: [{ field: 'ticket.status', operator: 'changed' }] }, [{ type: 'add_note', body: 'n' }]),
    ).toEqual(['conditions.all[0].operator']);
    expect(
      paths(['ticket.updated'], { all: [{ field: 'ticket.status', operator: 'changed_to', value: 'closed' }] }, [
        { type: 'add_note', body: 'n' },
      ]),
    ).toEqual([]);
    expect(
      paths(['ticket.created'], { all: [{ field: 'ticket.tags', operator: 'includes', value: 'a', case_sensitive: true }] }, [
        { type: 'add_note', body: 'n' },
      ]),
    ).toEqual(['conditions.all[0].case_sensitive']);
  });

  it('checks values, events and the action list', () => {
    expect(paths(['ticket.created'], { all: [{ field: 'ticket.assignee_id', operator: 'is_empty', value: 'x' }] }, [])).toEqual([
      'conditions.all[0].value',
      'actions',
    ]);
    expect(paths(['manual', 'ticket.created'], { all: [] }, [{ type: 'add_note' }])).toEqual(['events', 'actions[0].body']);
    expect(paths(['ticket.closed'], {}, [{ type: 'add_note', body: 'n' }])).toEqual(['events[0]']);
    expect(paths(['ticket.created'], { all: [], other: [] }, [{ type: 'add_note', body: 'n' }])).toEqual(['conditions.other']);
    const fiftyOne = Array.from({ length: 51 }, () => ({ field: 'ticket.subject', operator: 'is_empty' }));
    expect(paths(['ticket.created'], { all: fiftyOne }, [{ type: 'add_note', body: 'n' }])).toEqual(['conditions']);
  });

  it('collects the ids a rule names with their paths', () => {
    const check = checkRule(['ticket.created'], { all: [{ field: 'ticket.assignee_id', operator: 'in', value: ['usr_1'] }] }, [
      { type: 'set_assignee', user_id: 'usr_2' },
      { type: 'send_webhook', webhook_id: 'whk_1' },
      { type: 'notify_channel', channel_id: 'nch_1' },
    ]);
    expect(check.references).toEqual([
      { path: 'conditions.all[0].value[0]', kind: 'user', id: 'usr_1' },
      { path: 'actions[0].user_id', kind: 'user', id: 'usr_2' },
      { path: 'actions[1].webhook_id', kind: 'webhook', id: 'whk_1' },
      { path: 'actions[2].channel_id', kind: 'channel', id: 'nch_1' },
    ]);
  });

  it('collects the teams a rule names, in conditions and set_team', () => {
    const check = checkRule(['ticket.updated'], { all: [{ field: 'ticket.team_id', operator: 'changed_to', value: 'team_1' }] }, [
      { type: 'set_team', team_id: 'team_2' },
      { type: 'set_team', team_id: null },
    ]);
    expect(check.errors).toEqual([]);
    expect(check.references).toEqual([
      { path: 'conditions.all[0].value', kind: 'team', id: 'team_1' },
      { path: 'actions[0].team_id', kind: 'team', id: 'team_2' },
    ]);
    expect(checkRule(['ticket.created'], { all: [] }, [{ type: 'set_team' }]).errors.map((e) => e.field)).toEqual(['actions[0].team_id']);
  });
});
