/** class-transformer helpers for request DTOs. */
export const trimmed = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

/** A comma list or a repeated query parameter, as a trimmed, de-duplicated array. */
export const commaList = ({ value }: { value: unknown }): unknown => {
  if (value === undefined) return undefined;
  const raw = Array.isArray(value) ? value : [value];
  if (raw.some((v) => typeof v !== 'string')) return value;
  const items = raw
    .flatMap((v: string) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
  return [...new Set(items)];
};

/** Makes user text literal inside a LIKE pattern (escape character `\`). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
