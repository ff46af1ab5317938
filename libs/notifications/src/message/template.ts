/** The placeholders a channel template may use (contract §12), and nothing else. */
export const PLACEHOLDERS = [
  'ticket.number',
  'ticket.subject',
  'ticket.status',
  'ticket.priority',
  'team.name',
  'assignee.name',
  'customer.email',
  'event.type',
  'changes',
  'link',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export const TEMPLATE_MAX_LENGTH = 3000;

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Placeholder names the template uses that are not in PLACEHOLDERS (empty: the template is valid). */
export function unknownPlaceholders(template: string): string[] {
  const unknown = new Set<string>();
  for (const [, name] of template.matchAll(PLACEHOLDER)) if (!(PLACEHOLDERS as readonly string[]).includes(name)) unknown.add(name);
  return [...unknown];
}

/**
 * Logic-less interpolation: each placeholder becomes its value, escaped by `escape` (the
 * template's own text is the admin's and stays as written, links and mentions included).
 */
export function fillTemplate(template: string, values: Record<Placeholder, string>, escape: (value: string) => string): string {
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    (PLACEHOLDERS as readonly string[]).includes(name) ? escape(values[name as Placeholder]) : whole,
  );
}
