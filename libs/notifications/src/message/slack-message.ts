import { fillTemplate, Placeholder } from './template';

/**
 * Slack's documented limits for an incoming-webhook message: `text` is cut at 40,000
 * characters; a message holds at most 50 blocks; a section's text at most 3,000 characters;
 * a section at most 10 fields of at most 2,000 characters; a header's plain_text at most 150.
 */
export const SLACK_LIMITS = { text: 40_000, blocks: 50, sectionText: 3000, fields: 10, fieldText: 2000, headerText: 150 } as const;

export interface TextObject {
  type: 'mrkdwn' | 'plain_text';
  text: string;
}
export type SlackBlock =
  | { type: 'header'; text: TextObject }
  | { type: 'section'; text?: TextObject; fields?: TextObject[] }
  | { type: 'context'; elements: TextObject[] };

/** The JSON body of an incoming-webhook POST. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

/** Everything a message says, gathered from the event and the records it names. */
export interface MessageContext {
  eventType: string;
  ticket: { id: string; number: number; subject: string; status: string; priority: string; channel: string } | null;
  teamName: string | null;
  assigneeName: string | null;
  customerEmail: string | null;
  changes: Record<string, { from: unknown; to: unknown }> | null;
  /** A conversation entry, for `conversation.created`. */
  entry: { type: string; authorType: string; body: string } | null;
  /** Who made the change, as people read it. */
  actor: string | null;
}

export interface MessageOptions {
  /** `text` of the channel's template: the whole message when set. */
  template: string | null;
  /** `https://…/{id}` or `…/{number}`: where the title links. */
  linkTemplate: string | null;
}

const ELLIPSIS = '…';

/**
 * Slack's control characters (`&`, `<`, `>`) as entities: an interpolated value can then
 * never form a mention (`<@U123>`, `<!channel>`), a link or markup Slack would act on.
 */
export function escapeSlack(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** At most `max` characters (code points never split), ending in `…` when cut. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - ELLIPSIS.length;
  // Never leave half a surrogate pair.
  if (end > 0 && /[\uD800-\uDBFF]/.test(text[end - 1])) end--;
  return text.slice(0, end) + ELLIPSIS;
}

/** Cuts a raw value so that, once escaped, it fits `max` characters: an entity is never split. */
function escapedCut(value: string, max: number): string {
  const escaped = escapeSlack(value);
  if (escaped.length <= max) return escaped;
  let out = '';
  for (const ch of value) {
    const piece = escapeSlack(ch);
    if (out.length + piece.length > max - ELLIPSIS.length) break;
    out += piece;
  }
  return out + ELLIPSIS;
}

const EVENT_TITLES: Record<string, string> = {
  'ticket.created': 'New ticket',
  'ticket.updated': 'Ticket updated',
  'ticket.status_changed': 'Ticket status changed',
  'ticket.assigned': 'Ticket assigned',
  'conversation.created': 'New conversation entry',
  'automation.triggered': 'A rule notified this channel',
  ping: 'Test message from Relay',
};

/** The link of a ticket from the channel's link template, or null. */
export function ticketLink(linkTemplate: string | null, ticket: MessageContext['ticket']): string | null {
  if (!linkTemplate || !ticket) return null;
  return linkTemplate.replace(/\{id\}/g, encodeURIComponent(ticket.id)).replace(/\{number\}/g, String(ticket.number));
}

/** `status: open → resolved; priority: normal → high` */
export function describeChanges(changes: MessageContext['changes']): string {
  if (!changes) return '';
  return Object.entries(changes)
    .map(([field, { from, to }]) => `${field}: ${show(from)} → ${show(to)}`)
    .join('; ');
}

function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  return Array.isArray(value) ? (value.length ? value.join(', ') : '—') : String(value);
}

/**
 * The Slack message for an event: `text` always (the notification and fallback; with a
 * template, the whole message) plus Block Kit blocks. Every interpolated value is escaped and
 * everything is cut to Slack's limits. Pure: same context, same message.
 */
export function renderMessage(context: MessageContext, options: MessageOptions): SlackMessage {
  const link = ticketLink(options.linkTemplate, context.ticket);
  if (options.template !== null) {
    const values: Record<Placeholder, string> = {
      'ticket.number': context.ticket ? String(context.ticket.number) : '',
      'ticket.subject': context.ticket?.subject ?? '',
      'ticket.status': context.ticket?.status ?? '',
      'ticket.priority': context.ticket?.priority ?? '',
      'team.name': context.teamName ?? '',
      'assignee.name': context.assigneeName ?? '',
      'customer.email': context.customerEmail ?? '',
      'event.type': context.eventType,
      changes: describeChanges(context.changes),
      link: link ?? '',
    };
    // Each value is cut before it is placed, so one huge subject cannot crowd out the rest.
    const text = fillTemplate(options.template, values, (value) => escapedCut(value, SLACK_LIMITS.sectionText));
    return {
      text: escapedSafeCut(text, SLACK_LIMITS.text),
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: escapedSafeCut(text, SLACK_LIMITS.sectionText) } }],
    };
  }
  return defaultMessage(context, link);
}

function defaultMessage(context: MessageContext, link: string | null): SlackMessage {
  const heading = EVENT_TITLES[context.eventType] ?? context.eventType;
  const ticket = context.ticket;
  // The label stays well inside the section so the link's closing `>` is never cut off.
  const label = ticket ? `#${ticket.number} ${escapedCut(ticket.subject, SLACK_LIMITS.sectionText - 400)}` : '';
  const title = ticket ? (link ? `<${link}|${label}>` : label) : '';
  const blocks: SlackBlock[] = [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: cut(`*${escapeSlack(heading)}*${title ? `\n*${title}*` : ''}`, SLACK_LIMITS.sectionText) },
    },
  ];
  if (ticket) {
    const fields: [string, string | null][] = [
      ['Status', ticket.status],
      ['Priority', ticket.priority],
      ['Team', context.teamName],
      ['Assignee', context.assigneeName],
      ['Customer', context.customerEmail],
      ['Channel', ticket.channel],
    ];
    blocks.push({
      type: 'section',
      fields: fields.slice(0, SLACK_LIMITS.fields).map(([name, value]) => ({
        type: 'mrkdwn',
        text: `*${name}*\n${escapedCut(value ?? '—', SLACK_LIMITS.fieldText - name.length - 3)}`,
      })),
    });
  }
  const changes = describeChanges(context.changes);
  if (changes)
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*Changes*\n${escapedCut(changes, SLACK_LIMITS.sectionText - 20)}` } });
  if (context.entry) {
    const kind = context.entry.type === 'note' ? 'Internal note' : `Reply by ${context.entry.authorType}`;
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `*${kind}*\n${escapedCut(context.entry.body, SLACK_LIMITS.sectionText - 40)}` },
    });
  }
  const by = context.actor ? ` · by ${escapedCut(context.actor, 200)}` : '';
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `${escapeSlack(context.eventType)}${by}` }] });

  const summary = [
    heading,
    ticket ? `#${ticket.number} ${escapeSlack(ticket.subject)}` : null,
    changes ? escapeSlack(changes) : null,
    context.entry ? escapeSlack(context.entry.body) : null,
  ]
    .filter((part): part is string => part !== null)
    .join(' — ');
  return { text: escapedSafeCut(summary, SLACK_LIMITS.text), blocks: blocks.slice(0, SLACK_LIMITS.blocks) };
}

/** Cuts already-escaped text without leaving a broken entity (`&am…`) at the end. */
function escapedSafeCut(escaped: string, max: number): string {
  const text = cut(escaped, max);
  return text.endsWith(ELLIPSIS) ? text.replace(/&[a-z]{0,3}…$/, ELLIPSIS) : text;
}
