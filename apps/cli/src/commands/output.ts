/** Commands print exactly one JSON object on stdout, so scripts can parse it. */
export function printJson(value: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}
