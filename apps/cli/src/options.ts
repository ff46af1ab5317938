import { InvalidArgumentError } from 'commander';
import { isEmail } from 'class-validator';

// Parsers for option values, run while the arguments are read: a malformed value is refused
// before anything is loaded or connected. They check syntax only; each command's action checks
// the values again with the API's own DTO (the rules an integrator meets).

/** The check the API's `@IsEmail()` makes. */
export function email(value: string): string {
  if (!isEmail(value)) throw new InvalidArgumentError('must be an email address.');
  return value;
}

export function text(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('must not be empty.');
  return value;
}

/** "10000", "100k" or "1m" as a whole number within bounds. */
export function count(min: number, max: number): (value: string) => number {
  return (value) => {
    const match = /^(\d+)([km]?)$/i.exec(value.trim());
    const parsed = match ? Number(match[1]) * { '': 1, k: 1_000, m: 1_000_000 }[match[2].toLowerCase() as '' | 'k' | 'm'] : NaN;
    if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(`must be a whole number from ${min} to ${max} (k and m suffixes allowed).`);
    }
    return parsed;
  };
}
