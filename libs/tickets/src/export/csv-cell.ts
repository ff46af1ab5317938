/** What a spreadsheet reads as a formula when a cell starts with it (OWASP, CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** `-5`, `+1.5e3`: numbers a spreadsheet reads as numbers, harmless and kept as they are. */
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A CSV cell a spreadsheet will show as text, never run: one that would start a formula gets a
 * leading `'`, as OWASP recommends. Only the CSV export needs this; NDJSON stays verbatim.
 */
export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}
