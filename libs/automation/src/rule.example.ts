/** The routing rule the OpenAPI description and the README show. */
export const ROUTING_RULE_EXAMPLE = {
  name: 'Refunds to billing',
  events: ['ticket.created'],
  conditions: {
    all: [],
    any: [
      { field: 'ticket.subject', operator: 'contains_any', value: ['refund', 'chargeback'] },
      { field: 'conversation.body', operator: 'contains_any', value: ['refund', 'chargeback'] },
    ],
  },
  actions: [
    { type: 'set_team', team_id: 'team_billing' },
    { type: 'set_priority', priority: 'high' },
    { type: 'add_tags', tags: ['billing'] },
    { type: 'add_note', body: 'Routed to billing by rule: mentions a refund or chargeback.' },
  ],
};

/** A dry-run of that rule over the open tickets, as the OpenAPI document and the README show it. */
export const DRY_RUN_EXAMPLE = {
  rule: ROUTING_RULE_EXAMPLE,
  filter: { status: ['open'] },
  limit: 100,
  mode: 'pass',
};
