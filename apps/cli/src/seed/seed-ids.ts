import { randomBytes } from 'node:crypto';
import { Random } from './random';

const ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZabcdefghijkmnopqrstuvwxyz';

/**
 * Ids shaped like `newId` (prefix + 20 characters) but ascending within a seed run: a short
 * random run tag, a zero-padded sequence, then random characters. Bulk inserts then append to
 * the primary-key B-trees instead of splitting pages all over them, which is most of the seed
 * time on PostgreSQL; the run tag keeps two runs (or real ids) from colliding.
 */
export class SeedIds {
  private readonly run: string;
  private sequence = 0;

  constructor(private readonly random: Random) {
    const bytes = randomBytes(3);
    this.run = Array.from(bytes, (byte) => ALPHABET[byte % ALPHABET.length]).join('');
  }

  next(prefix: string): string {
    let tail = '';
    for (let i = 0; i < 9; i++) tail += ALPHABET[Math.floor(this.random.next() * ALPHABET.length)];
    return `${prefix}_${this.run}${String(this.sequence++).padStart(8, '0')}${tail}`;
  }
}
