import RE2 from 're2';
import safeRegex from 'safe-regex2';
import { LIMITS } from './vocabulary';

/**
 * Why `source` cannot be a `matches` pattern, or null. The pattern must be JavaScript RegExp
 * syntax (contract §11) and is matched by RE2, whose time is linear in the text whatever the
 * pattern: V8's backtracking engine took ~14 s for `.*a.*b.*c` over a 64 KiB body. So RE2 must
 * accept it too (no lookaround, no backreferences). Nested quantifiers (`(a+)+`) are refused as
 * the contract promises, though RE2 would run them safely: safe-regex2 (fastify) decides that.
 */
export function patternProblem(source: string): string | null {
  if (source.length > LIMITS.pattern) return `must be at most ${LIMITS.pattern} characters`;
  try {
    new RegExp(source, 'u');
  } catch {
    return 'must be a valid JavaScript regular expression';
  }
  try {
    new RE2(source, 'u');
  } catch {
    return 'uses lookaround or backreferences, which cannot be matched in linear time; rewrite the pattern without them';
  }
  if (!safeRegex(source)) return 'can backtrack catastrophically (nested quantifiers or too many repetitions); simplify the pattern';
  return null;
}

const compiled = new Map<string, RE2>();

/**
 * The pattern as conditions run it: RE2 in Unicode mode, and case-insensitive unless the
 * condition is case-sensitive (the text is lower-cased then, and so would not match an
 * upper-case pattern). Compiled once per process; the patterns are few (those saved in rules).
 */
export function compilePattern(source: string, caseSensitive: boolean): RE2 {
  const flags = caseSensitive ? 'u' : 'iu';
  const key = `${flags}/${source}`;
  let regex = compiled.get(key);
  if (!regex) {
    regex = new RE2(source, flags);
    if (compiled.size >= 10_000) compiled.clear();
    compiled.set(key, regex);
  }
  return regex;
}
