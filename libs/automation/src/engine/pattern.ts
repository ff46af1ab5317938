import safeRegex from 'safe-regex2';
import { LIMITS } from './vocabulary';

/**
 * Why `source` cannot be a `matches` pattern, or null. Beyond compiling, the pattern must not
 * nest quantifiers (star height > 1, e.g. `(a+)+`), the shape that backtracks exponentially:
 * safe-regex2 (fastify) decides that. Texts are cut to 64 KiB before matching, which bounds
 * what is left.
 */
export function patternProblem(source: string): string | null {
  if (source.length > LIMITS.pattern) return `must be at most ${LIMITS.pattern} characters`;
  try {
    new RegExp(source, 'u');
  } catch {
    return 'must be a valid JavaScript regular expression';
  }
  if (!safeRegex(source)) return 'can backtrack catastrophically (nested quantifiers or too many repetitions); simplify the pattern';
  return null;
}

const compiled = new Map<string, RegExp>();

/**
 * The pattern as conditions run it: Unicode mode, and case-insensitive unless the condition is
 * case-sensitive (the text is lower-cased then, and so would not match an upper-case pattern).
 * Compiled once per process; the patterns are few (those saved in rules).
 */
export function compilePattern(source: string, caseSensitive: boolean): RegExp {
  const flags = caseSensitive ? 'u' : 'iu';
  const key = `${flags}/${source}`;
  let regex = compiled.get(key);
  if (!regex) {
    regex = new RegExp(source, flags);
    if (compiled.size >= 10_000) compiled.clear();
    compiled.set(key, regex);
  }
  return regex;
}
