import { LIMITS } from './vocabulary';

/**
 * The first 64 KiB (UTF-8) of `text`, cut on a character boundary. A string of at most
 * 21,845 UTF-16 units cannot exceed it (3 bytes per unit at most), so most texts are
 * returned as they are without encoding them.
 */
export function examined(text: string, limit: number = LIMITS.examinedBytes): string {
  if (text.length * 3 <= limit) return text;
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= limit) return text;
  let cut = limit;
  // Step back over continuation bytes so no character is split.
  while (cut > 0 && (bytes[cut] & 0xc0) === 0x80) cut--;
  return bytes.subarray(0, cut).toString('utf8');
}

/**
 * A pass compares the same few texts (subject, body) under many conditions; normalising a
 * 64 KiB body once per condition would dominate its time, so the last few results are kept,
 * keyed by the text itself (a string keeps its hash, so a repeated lookup does not rehash it).
 */
class Recent {
  private readonly values = new Map<string, string>();

  get(text: string, make: (text: string) => string): string {
    let value = this.values.get(text);
    if (value === undefined) {
      value = make(text);
      if (this.values.size >= 16) this.values.delete(this.values.keys().next().value!);
      this.values.set(text, value);
    }
    return value;
  }
}
const recentNormalised = new Recent();
const recentLowered = new Recent();
const normalise = (text: string) => examined(text).normalize('NFC');

/** The examined part of `text` in NFC: what `matches` runs on. */
export function normalised(text: string): string {
  return recentNormalised.get(text, normalise);
}

/** Text as conditions compare it: the examined part, NFC, lower-cased unless case-sensitive. */
export function comparable(text: string, caseSensitive: boolean): string {
  return caseSensitive ? normalised(text) : recentLowered.get(text, (raw) => normalised(raw).toLowerCase());
}

/** The domain of an email address (after its last `@`), lower-cased; null without one. */
export function emailDomain(email: string | null): string | null {
  if (!email) return null;
  const at = email.lastIndexOf('@');
  return at < 0 ? null : email.slice(at + 1).toLowerCase();
}
