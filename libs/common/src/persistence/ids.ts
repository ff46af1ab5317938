import { randomFillSync } from 'node:crypto';

// In ascending character order, so ids compare as their time prefixes do.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZabcdefghijkmnopqrstuvwxyz';
const ID_LENGTH = 20;
// Milliseconds since the epoch in base 57: eight characters last until the year 5600.
const TIME_LENGTH = 8;
const RANDOM_LENGTH = ID_LENGTH - TIME_LENGTH;

// Random bytes drawn 4 KiB at a time: a call into the CSPRNG per id was 5% of a ticket
// create's CPU time (five ids each).
const pool = Buffer.alloc(4096);
let used = pool.length;

/**
 * Opaque ids with a type prefix (`tkt_…`, `cus_…`), as Stripe does, so a misplaced id is
 * recognisable in logs and support tickets: 8 characters of creation time (ms), then 12 random
 * ones (≈70 bits, drawn anew every millisecond).
 *
 * The time comes first so that new rows append to their primary-key index, as ULIDs and KSUIDs
 * do. With wholly random ids every insert landed on a random leaf page of each such index
 * (tickets, conversations, events: five per ticket created), and a group commit wrote all
 * those scattered pages to the WAL: at a million tickets, time-first ids cut the commit from
 * 2.1 to 1.3 ms per group and the event and conversation inserts by a third (measured under
 * `create-ticket` load). The time an id reveals is its record's `created_at`, which the API
 * returns anyway. Ids are not secrets: API keys and signing secrets are drawn elsewhere.
 */
export function newId(prefix: string, now = Date.now()): string {
  if (used + RANDOM_LENGTH > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  let time = '';
  for (let i = 0, rest = now; i < TIME_LENGTH; i++, rest = Math.floor(rest / ALPHABET.length))
    time = ALPHABET[rest % ALPHABET.length] + time;
  let out = `${prefix}_${time}`;
  for (let i = used; i < used + RANDOM_LENGTH; i++) out += ALPHABET[pool[i] % ALPHABET.length];
  used += RANDOM_LENGTH;
  return out;
}
