import { fillTemplate, PLACEHOLDERS, unknownPlaceholders } from './template';

describe('template placeholders', () => {
  it('accepts exactly the documented placeholders, with or without inner spaces', () => {
    expect(unknownPlaceholders(PLACEHOLDERS.map((p) => `{{${p}}} {{ ${p} }}`).join(' '))).toEqual([]);
  });
  it.each(['{{ticket.id}}', '{{ticket}}', '{{customer.name}}', '{{}}', '{{#if x}}', '{{link.url}}'])('refuses %s', (template) => {
    expect(unknownPlaceholders(`Hi ${template}`)).toHaveLength(1);
  });
  it('fills values through the escape function and leaves the template text as written', () => {
    const values = Object.fromEntries(PLACEHOLDERS.map((p) => [p, `<${p}>`])) as Record<(typeof PLACEHOLDERS)[number], string>;
    expect(fillTemplate('<!here> {{ticket.number}}', values, (v) => v.toUpperCase())).toBe('<!here> <TICKET.NUMBER>');
  });
});
