import { validationFailed } from '@relay/common';

export const TAG_NAME_MAX = 50;
/** `,` separates tags in list filters (`?tag=a,b`), `;` in the CSV export's tags cell. */
const SEPARATORS = /[,;]/;

/** Trimmed, inner whitespace collapsed to single spaces: "  vip   customer " → "vip customer". */
export function normaliseTagName(name: string): string {
  return name.trim().replace(/\s+/g, ' ');
}

export function tagNameKey(name: string): string {
  return normaliseTagName(name).toLowerCase();
}

/** A normalised, usable tag name, or a 400 naming `field`. */
export function validTagName(name: unknown, field: string): string {
  if (typeof name !== 'string') throw validationFailed(field, 'must contain only strings');
  const normalised = normaliseTagName(name);
  if (!normalised) throw validationFailed(field, 'must not contain an empty tag name');
  if (normalised.length > TAG_NAME_MAX) throw validationFailed(field, `tag names must be at most ${TAG_NAME_MAX} characters`);
  if (SEPARATORS.test(normalised))
    throw validationFailed(field, 'tag names must not contain , or ; (the separators of tag filters and of the CSV export)');
  return normalised;
}
