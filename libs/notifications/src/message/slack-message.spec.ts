import { cut, escapeSlack, MessageContext, renderMessage, SLACK_LIMITS, SlackMessage } from './slack-message';
import { SLACK_MESSAGE_EXAMPLE } from './slack-message.example';
import { PLACEHOLDERS } from './template';

const INJECTION = '<script>alert(1)</script> & <@U123> <!channel> <https://evil.example|click>';

const context = (over: Partial<MessageContext> = {}): MessageContext => ({
  eventType: 'ticket.updated',
  ticket: { id: 'tkt_1', number: 42, subject: 'Refund', status: 'open', priority: 'high', channel: 'email' },
  teamName: 'Billing',
  assigneeName: 'Ada',
  customerEmail: 'jane@example.com',
  changes: { status: { from: 'pending', to: 'open' } },
  entry: null,
  actor: null,
  ...over,
});

/** Every text object of a message, with the limit Slack puts on it. */
function texts(message: SlackMessage): { text: string; max: number }[] {
  const out: { text: string; max: number }[] = [{ text: message.text, max: SLACK_LIMITS.text }];
  for (const block of message.blocks) {
    if (block.type === 'header') out.push({ text: block.text.text, max: SLACK_LIMITS.headerText });
    if (block.type === 'section') {
      if (block.text) out.push({ text: block.text.text, max: SLACK_LIMITS.sectionText });
      for (const field of block.fields ?? []) out.push({ text: field.text, max: SLACK_LIMITS.fieldText });
    }
    if (block.type === 'context') for (const element of block.elements) out.push({ text: element.text, max: SLACK_LIMITS.sectionText });
  }
  return out;
}

function expectWithinLimits(message: SlackMessage): void {
  expect(message.text.length).toBeGreaterThan(0);
  expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  for (const block of message.blocks)
    if (block.type === 'section' && block.fields) expect(block.fields.length).toBeLessThanOrEqual(SLACK_LIMITS.fields);
  for (const { text, max } of texts(message)) expect(text.length).toBeLessThanOrEqual(max);
}

/** No raw `<`/`>` survives from a value, and `&` only starts an entity. */
function expectNoInjection(message: SlackMessage, allowedLinks: string[] = []): void {
  for (const { text } of texts(message)) {
    let rest = text;
    for (const link of allowedLinks) rest = rest.split(link).join('');
    expect(rest).not.toMatch(/<@U123>|<!channel>|<script>|<https:\/\/evil/);
    expect(rest).not.toMatch(/&(?!amp;|lt;|gt;)/);
  }
}

describe('escapeSlack', () => {
  it('turns &, < and > into entities and nothing else', () => {
    expect(escapeSlack('a & b <@U1> <!here> *bold*')).toBe('a &amp; b &lt;@U1&gt; &lt;!here&gt; *bold*');
  });
});

describe('cut', () => {
  it('leaves short text alone and ends cut text with …', () => {
    expect(cut('abc', 3)).toBe('abc');
    expect(cut('abcdef', 4)).toBe('abc…');
  });
  it('never splits a surrogate pair', () => {
    expect(cut('ab😀cd', 4)).toBe('ab…');
  });
});

describe('renderMessage (default layout)', () => {
  it('has a fallback text, a linked title, the fields, the change and the event', () => {
    const message = renderMessage(context(), { template: null, linkTemplate: 'https://desk.example.com/t/{number}?id={id}' });
    expect(message.text).toBe('Ticket updated — #42 Refund — status: pending → open');
    expect(message.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: '*Ticket updated*\n*<https://desk.example.com/t/42?id=tkt_1|#42 Refund>*' } },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: '*Status*\nopen' },
          { type: 'mrkdwn', text: '*Priority*\nhigh' },
          { type: 'mrkdwn', text: '*Team*\nBilling' },
          { type: 'mrkdwn', text: '*Assignee*\nAda' },
          { type: 'mrkdwn', text: '*Customer*\njane@example.com' },
          { type: 'mrkdwn', text: '*Channel*\nemail' },
        ],
      },
      { type: 'section', text: { type: 'mrkdwn', text: '*Changes*\nstatus: pending → open' } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'ticket.updated' }] },
    ]);
  });

  it('keeps 10,000-character subjects, bodies and injection strings within every limit, escaped', () => {
    const huge = (INJECTION + ' ').repeat(10_000 / (INJECTION.length + 1) + 1).slice(0, 10_000);
    expect(huge.length).toBe(10_000);
    const message = renderMessage(
      context({
        eventType: 'conversation.created',
        ticket: { id: 'tkt_1', number: 7, subject: huge, status: 'open', priority: 'low', channel: 'web' },
        teamName: huge,
        assigneeName: huge,
        customerEmail: huge,
        changes: { subject: { from: huge, to: huge } },
        entry: { type: 'note', authorType: 'user', body: huge },
        actor: huge,
      }),
      { template: null, linkTemplate: 'https://desk.example.com/t/{number}' },
    );
    expectWithinLimits(message);
    expectNoInjection(message, ['<https://desk.example.com/t/7|']);
    const title = (message.blocks[0] as { text: { text: string } }).text.text;
    expect(title).toMatch(/^\*New conversation entry\*\n\*<https:\/\/desk\.example\.com\/t\/7\|#7 &lt;script&gt;.*…>\*$/s);
    expect(message.text.endsWith('…')).toBe(true);
  });

  it('sends a ping without a ticket', () => {
    const message = renderMessage(context({ eventType: 'ping', ticket: null, changes: null }), { template: null, linkTemplate: null });
    expect(message.text).toBe('Test message from Relay');
    expectWithinLimits(message);
  });
});

describe('renderMessage (template)', () => {
  const every = PLACEHOLDERS.map((p) => `{{${p}}}`).join(' | ');

  it('fills every placeholder, escaped, and is the whole message', () => {
    const message = renderMessage(
      context({ ticket: { id: 'tkt_1', number: 42, subject: '<!channel> & co', status: 'open', priority: 'high', channel: 'email' } }),
      {
        template: `*{{ticket.subject}}* <{{link}}|open> ${every}`,
        linkTemplate: 'https://desk.example.com/t/{number}',
      },
    );
    expect(message.text).toBe(
      '*&lt;!channel&gt; &amp; co* <https://desk.example.com/t/42|open> 42 | &lt;!channel&gt; &amp; co | open | high | Billing | Ada | jane@example.com | ticket.updated | status: pending → open | https://desk.example.com/t/42',
    );
    expect(message.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: message.text } }]);
  });

  it('stays within the limits with 10,000-character injection values in every placeholder', () => {
    const huge = INJECTION.repeat(200).slice(0, 10_000);
    const message = renderMessage(
      context({
        ticket: { id: 'tkt_1', number: 1, subject: huge, status: 'open', priority: 'high', channel: 'email' },
        teamName: huge,
        assigneeName: huge,
        customerEmail: huge,
        changes: { subject: { from: huge, to: huge } },
      }),
      { template: every, linkTemplate: null },
    );
    expectWithinLimits(message);
    expectNoInjection(message);
    expect(message.text.length).toBeGreaterThan(SLACK_LIMITS.sectionText);
  });
});

describe('the documented example', () => {
  it('is what the renderer sends for that ticket', () => {
    const message = renderMessage(
      context({
        eventType: 'ticket.created',
        ticket: { id: 'tkt_1', number: 1042, subject: 'Refund not received', status: 'open', priority: 'high', channel: 'email' },
        teamName: null,
        assigneeName: 'Ada Lovelace',
        changes: null,
      }),
      { template: null, linkTemplate: 'https://helpdesk.example.com/tickets/{number}' },
    );
    expect(message).toEqual(SLACK_MESSAGE_EXAMPLE);
  });
});
