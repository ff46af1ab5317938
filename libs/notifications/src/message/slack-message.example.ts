/** A message as Relay posts it (the default layout), for the API documentation. */
export const SLACK_MESSAGE_EXAMPLE = {
  text: 'New ticket — #1042 Refund not received',
  blocks: [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: '*New ticket*\n*<https://helpdesk.example.com/tickets/1042|#1042 Refund not received>*' },
    },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: '*Status*\nopen' },
        { type: 'mrkdwn', text: '*Priority*\nhigh' },
        { type: 'mrkdwn', text: '*Team*\n—' },
        { type: 'mrkdwn', text: '*Assignee*\nAda Lovelace' },
        { type: 'mrkdwn', text: '*Customer*\njane@example.com' },
        { type: 'mrkdwn', text: '*Channel*\nemail' },
      ],
    },
    { type: 'context', elements: [{ type: 'mrkdwn', text: 'ticket.created' }] },
  ],
};
