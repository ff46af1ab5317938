import { channelWants, FilteredTicket } from './channel-filter';

const ticket: FilteredTicket = { priority: 'high', status: 'open', channel: 'email', tags: ['VIP', 'billing'], team_id: 'team_1' };

describe('channelWants', () => {
  it.each([
    [{}, true],
    [{ priorities: ['high'] }, true],
    [{ priorities: ['low'] }, false],
    [{ statuses: ['open', 'pending'] }, true],
    [{ statuses: ['closed'] }, false],
    [{ channels: ['email'] }, true],
    [{ channels: ['chat'] }, false],
    [{ tags_any: ['vip', 'other'] }, true],
    [{ tags_any: ['other'] }, false],
    [{ team_ids: ['team_1'] }, true],
    [{ team_ids: ['team_2'] }, false],
    [{ priorities: ['high'], statuses: ['closed'] }, false],
    [{ priorities: [] }, true],
  ])('ticket events: %j → %s', (filter, expected) => {
    expect(channelWants(filter, ticket, null)).toBe(expected);
  });

  it('sends internal notes only when conversation_types names note', () => {
    expect(channelWants({}, ticket, 'note')).toBe(false);
    expect(channelWants({ conversation_types: ['reply'] }, ticket, 'note')).toBe(false);
    expect(channelWants({ conversation_types: ['note'] }, ticket, 'note')).toBe(true);
    expect(channelWants({}, ticket, 'reply')).toBe(true);
    expect(channelWants({ conversation_types: ['note'] }, ticket, 'reply')).toBe(false);
    expect(channelWants({ conversation_types: ['note'], priorities: ['low'] }, ticket, 'note')).toBe(false);
  });

  it('a ticket without a team never matches team_ids; a missing ticket matches nothing', () => {
    expect(channelWants({ team_ids: ['team_1'] }, { ...ticket, team_id: undefined }, null)).toBe(false);
    expect(channelWants({}, null, 'reply')).toBe(false);
  });
});
