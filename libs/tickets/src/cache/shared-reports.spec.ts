import type { TransactionRunner } from '@relay/database';
import type { TicketListingVersions } from './ticket-listing-versions';
import { SharedReports, SUMMARY_REUSE_MS } from './shared-reports';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** A few turns of the event loop: reports start one turn after they are asked for. */
const turns = async () => {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('SharedReports', () => {
  let version: number;
  let computations: ReturnType<typeof deferred<string>>[];
  let shared: SharedReports;
  const compute = () => {
    const computation = deferred<string>();
    computations.push(computation);
    return computation.promise;
  };

  let now: number;
  // `open`: reports read from a unit's code while its SQLite group is open.
  const tx = { open: false, settledRead: async <T>(read: () => Promise<T>) => ({ value: await read(), settled: !tx.open }) };

  beforeEach(() => {
    now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    version = 1;
    computations = [];
    tx.open = false;
    shared = new SharedReports({ current: async () => version } as unknown as TicketListingVersions, tx as unknown as TransactionRunner);
  });

  it('gives requests that arrive while an identical report runs that report', async () => {
    const first = shared.run('ws_a', 'summary {}', compute);
    const second = shared.run('ws_a', 'summary {}', compute);
    await turns();
    expect(computations).toHaveLength(1);
    computations[0].resolve('report');
    expect(await Promise.all([first, second])).toEqual(['report', 'report']);
  });

  it('computes again once the running one has finished, for another query or workspace, and after a write', async () => {
    const first = shared.run('ws_a', 'summary {}', compute);
    await turns();
    void shared.run('ws_b', 'summary {}', compute);
    void shared.run('ws_a', 'volume {}', compute);
    await turns();
    expect(computations).toHaveLength(3);
    version = 2; // a ticket was written meanwhile: the running report may predate it
    void shared.run('ws_a', 'summary {}', compute);
    await turns();
    expect(computations).toHaveLength(4);
    computations[0].resolve('old');
    await first;
    void shared.run('ws_a', 'summary {}', compute);
    await turns();
    expect(computations).toHaveLength(4); // joined the one started under version 2
  });

  afterEach(() => jest.restoreAllMocks());

  it('answers with a finished report only within the reuse allowed and while the version stands', async () => {
    const first = shared.run('ws_a', 'summary {}', compute, SUMMARY_REUSE_MS);
    await turns();
    computations[0].resolve('report');
    await first;
    now += SUMMARY_REUSE_MS - 1;
    expect(await shared.run('ws_a', 'summary {}', compute, SUMMARY_REUSE_MS)).toBe('report');
    expect(computations).toHaveLength(1);

    now += 1; // as old as reuse allows: computed again
    void shared.run('ws_a', 'summary {}', compute, SUMMARY_REUSE_MS);
    await turns();
    expect(computations).toHaveLength(2);
    computations[1].resolve('later');
    await turns();
    version = 2; // a write since: never the report computed before it
    void shared.run('ws_a', 'summary {}', compute, SUMMARY_REUSE_MS);
    await turns();
    expect(computations).toHaveLength(3);
  });

  it('never reuses a report read while a write group was open on the shared connection', async () => {
    tx.open = true;
    const first = shared.run('ws_a', 'summary {}', compute, SUMMARY_REUSE_MS);
    await turns();
    computations[0].resolve('maybe rolled back');
    await first;
    tx.open = false;
    void shared.run('ws_a', 'summary {}', compute, SUMMARY_REUSE_MS);
    await turns();
    expect(computations).toHaveLength(2);
  });

  it('keeps nothing finished for a caller that allows no reuse', async () => {
    const first = shared.run('ws_a', 'agents {}', compute);
    await turns();
    computations[0].resolve('report');
    await first;
    void shared.run('ws_a', 'agents {}', compute);
    await turns();
    expect(computations).toHaveLength(2);
  });

  it('hands a failure to every waiter and does not keep it, even where reuse is allowed', async () => {
    const first = shared.run('ws_a', 'summary {}', compute, SUMMARY_REUSE_MS);
    const second = shared.run('ws_a', 'summary {}', compute, SUMMARY_REUSE_MS);
    await turns();
    computations[0].reject(new Error('database away'));
    await expect(first).rejects.toThrow('database away');
    await expect(second).rejects.toThrow('database away');
    void shared.run('ws_a', 'summary {}', compute, SUMMARY_REUSE_MS);
    await turns();
    expect(computations).toHaveLength(2);
  });
});
