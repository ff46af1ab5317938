import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { isStorageFull } from '@relay/common';
import { TransactionRunner } from './transaction-runner';

// Big enough to need fresh pages (SQLite) or a new TOAST chunk (PostgreSQL), not just free room
// in a page already allocated: a probe that fits in place would call a full database writable.
const PROBE_BYTES = 64 * 1024;

/**
 * Whether the database has room to write. A write that fails for lack of space (SQLITE_FULL,
 * PostgreSQL 53100) marks it full; from then on each readiness check probes with a write that
 * needs new space (written and deleted in one transaction), and the first that commits marks it
 * writable again. Nothing is probed while no write has failed.
 */
@Injectable()
export class StorageSpace {
  private full = false;

  constructor(private readonly tx: TransactionRunner) {
    tx.onFailure((error) => {
      if (isStorageFull(error)) this.full = true;
    });
  }

  async writable(): Promise<boolean> {
    if (!this.full) return true;
    const key = `storage_probe:${randomBytes(8).toString('hex')}`;
    try {
      await this.tx.run(async (manager) => {
        await this.tx.query(manager, 'INSERT INTO system_settings (key, value) VALUES (?, ?)', [
          key,
          randomBytes(PROBE_BYTES).toString('base64'),
        ]);
        await this.tx.query(manager, 'DELETE FROM system_settings WHERE key = ?', [key]);
      });
    } catch {
      return false;
    }
    this.full = false;
    return true;
  }
}
