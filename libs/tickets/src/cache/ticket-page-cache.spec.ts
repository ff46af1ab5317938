import type { RelayConfig } from '@relay/common';
import type { TransactionRunner } from '@relay/database';
import type { ListTicketsQuery } from '../dto/list-tickets.query';
import type { TicketListingVersions } from './ticket-listing-versions';
import { TicketPageCache } from './ticket-page-cache';

/** A cache over a fake version table: `versions[workspace]` is what the database would say. */
function cacheWith(capacityBytes: number, isPostgres = false) {
  const versions: Record<string, number> = {};
  const source = { current: async (workspaceId: string) => versions[workspaceId] ?? 0 };
  // `open`: the read runs from a unit's code while its SQLite group is open.
  const tx = { open: false, isPostgres, settledRead: async <T>(read: () => Promise<T>) => ({ value: await read(), settled: !tx.open }) };
  const cache = new TicketPageCache(
    source as TicketListingVersions,
    tx as unknown as TransactionRunner,
    { ticketPageCacheBytes: capacityBytes } as RelayConfig,
  );
  let renders = 0;
  const page = (workspaceId: string, key: string, json = `{"data":"${workspaceId}/${key}"}`, query: Partial<ListTicketsQuery> = {}) =>
    cache
      .page(workspaceId, { sort: 'created_at', order: 'desc', limit: 50, q: key, ...query } as ListTicketsQuery, async () => {
        renders++;
        return json;
      })
      .then(String);
  return { versions, tx, page, renders: () => renders };
}

describe('TicketPageCache', () => {
  it('renders a page once per version of its workspace', async () => {
    const { versions, page, renders } = cacheWith(1024 * 1024);
    expect(await page('ws_a', 'q1')).toBe('{"data":"ws_a/q1"}');
    await page('ws_a', 'q1');
    expect(renders()).toBe(1);
    versions.ws_a = 1;
    await page('ws_a', 'q1');
    await page('ws_a', 'q1');
    expect(renders()).toBe(2);
  });

  it('keeps workspaces and queries apart', async () => {
    const { versions, page, renders } = cacheWith(1024 * 1024);
    expect(await page('ws_a', 'q1')).toBe('{"data":"ws_a/q1"}');
    expect(await page('ws_b', 'q1')).toBe('{"data":"ws_b/q1"}');
    expect(await page('ws_a', 'q2')).toBe('{"data":"ws_a/q2"}');
    versions.ws_b = 7;
    await page('ws_a', 'q1');
    expect(renders()).toBe(3);
    await page('ws_b', 'q1');
    expect(renders()).toBe(4);
  });

  it('evicts the least recently used pages beyond its capacity', async () => {
    const json = `{"data":"${'x'.repeat(1000)}"}`; // ≈1 KB of UTF-8
    const { page, renders } = cacheWith(3 * 1024 * 16); // holds a few dozen of those
    for (let i = 0; i < 100; i++) await page('ws_a', `q${i}`, json);
    expect(renders()).toBe(100);
    await page('ws_a', 'q99', json);
    expect(renders()).toBe(100);
    await page('ws_a', 'q0', json);
    expect(renders()).toBe(101);
  });

  it('does not keep a page read while a write transaction was open on the shared connection', async () => {
    const { tx, page, renders } = cacheWith(1024 * 1024);
    tx.open = true;
    await page('ws_a', 'q1');
    tx.open = false;
    await page('ws_a', 'q1');
    await page('ws_a', 'q1');
    expect(renders()).toBe(2);
  });

  it('never keeps, on PostgreSQL, a read a sync follows: its horizon moves without the version', async () => {
    const { page, renders } = cacheWith(1024 * 1024, true);
    for (const query of [{ order: 'asc' as const }, { created_after: '2026-01-01' }, { updated_after: '2026-01-01' }]) {
      await page('ws_a', 'q1', undefined, query);
      await page('ws_a', 'q1', undefined, query);
    }
    expect(renders()).toBe(6);
    await page('ws_a', 'q1');
    await page('ws_a', 'q1');
    expect(renders()).toBe(7);
  });

  it('renders every time when turned off (capacity 0)', async () => {
    const { page, renders } = cacheWith(0);
    await page('ws_a', 'q1');
    await page('ws_a', 'q1');
    expect(renders()).toBe(2);
  });
});
