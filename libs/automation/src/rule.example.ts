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
    { type: 'set_priority', priority: 'high' },
    { type: 'add_tags', tags: ['billing'] },
    { type: 'add_note', body: 'Routed to billing by rule: mentions a refund or chargeback.' },
  ],
};

/**
 * Routing to a team (contract §10, §11): the ticket joins the team, whose assignment method
 * then hands it out. Shown in the description only: its team id is a placeholder.
 */
export const TEAM_ROUTING_RULE_EXAMPLE = {
  name: 'VIP customers to Priority',
  events: ['ticket.created'],
  conditions: { all: [{ field: 'customer.email_domain', operator: 'in', value: ['acme.com'] }], any: [] },
  actions: [
    { type: 'set_team', team_id: 'team_…' },
    { type: 'set_priority', priority: 'high' },
    { type: 'add_tags', tags: ['vip'] },
  ],
};

/** A dry-run of the refunds rule over the open tickets, as the OpenAPI document and the README show it. */
export const DRY_RUN_EXAMPLE = {
  rule: ROUTING_RULE_EXAMPLE,
  filter: { status: ['open'] },
  limit: 100,
  mode: 'pass',
};
