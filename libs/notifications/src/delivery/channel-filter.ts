/** Contract §12: which events a channel wants, all conditions ANDed; an empty or absent list does not filter. */
export interface ChannelFilter {
  team_ids?: string[];
  priorities?: string[];
  statuses?: string[];
  channels?: string[];
  tags_any?: string[];
  conversation_types?: string[];
}

export const CHANNEL_EVENT_TYPES = [
  'ticket.created',
  'ticket.updated',
  'ticket.status_changed',
  'ticket.assigned',
  'conversation.created',
] as const;
export type ChannelEventType = (typeof CHANNEL_EVENT_TYPES)[number];

/** The ticket an event is about, as the API returns it (fields this filter reads). */
export interface FilteredTicket {
  priority: string;
  status: string;
  channel: string;
  tags: string[];
  team_id?: string | null;
}

/**
 * Whether a channel sends this event. An internal note is sent only when the filter names
 * `note` in `conversation_types`: an empty filter never leaks one.
 */
export function channelWants(filter: ChannelFilter, ticket: FilteredTicket | null, entryType: string | null): boolean {
  if (entryType !== null) {
    const types = filter.conversation_types ?? [];
    if (entryType === 'note' ? !types.includes('note') : types.length > 0 && !types.includes(entryType)) return false;
  }
  if (!ticket) return false;
  const within = (list: string[] | undefined, value: string | null | undefined) => !list?.length || (value != null && list.includes(value));
  const tagged =
    !filter.tags_any?.length || ticket.tags.some((tag) => filter.tags_any!.some((wanted) => wanted.toLowerCase() === tag.toLowerCase()));
  return (
    within(filter.team_ids, ticket.team_id) &&
    within(filter.priorities, ticket.priority) &&
    within(filter.statuses, ticket.status) &&
    within(filter.channels, ticket.channel) &&
    tagged
  );
}
