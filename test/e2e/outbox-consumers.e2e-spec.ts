import { EntityManager } from 'typeorm';
import { TransactionRunner } from '@relay/database';
import { EventOutbox, EventRecord, OutboxReader, SYSTEM_ACTOR } from '@relay/events';
import { createWorkspace, startTestApp, TestApp } from '../helpers/test-app';
import { isPostgresRun } from '../helpers/test-database';

// Several consumers follow the outbox, each from its own checkpoint, exactly once each: an
// event is never skipped (not even one whose transaction commits after a later event's) and
// never taken twice (not even by two workers of one consumer at once).
describe('Outbox consumers', () => {
  let t: TestApp;
  let reader: OutboxReader;
  let outbox: EventOutbox;
  let tx: TransactionRunner;
  let workspaceId: string;

  beforeAll(async () => {
    // No delivery engine: these tests are the outbox's only readers.
    t = await startTestApp({ WEBHOOK_DELIVERY: 'off' });
    reader = t.app.get(OutboxReader);
    outbox = t.app.get(EventOutbox);
    tx = t.app.get(TransactionRunner);
    workspaceId = (await createWorkspace(t.app)).admin.workspaceId;
  });
  afterAll(() => t.close());

  const append = (manager: EntityManager, name: string) =>
    outbox.append(manager, { workspaceId, actor: SYSTEM_ACTOR, type: 'customer.created', data: { name } as never });
  /** Takes everything `consumer` can take now; the names of the events, in the order taken. */
  const drain = async (consumer: string, limit = 100) => {
    const taken: string[] = [];
    while ((await reader.follow(consumer, limit, async (_manager, events) => void taken.push(...events.map(nameOf)))).taken > 0);
    return taken;
  };
  const nameOf = (event: EventRecord) => (event.data as { name: string }).name;

  it('starts a new consumer at the present, then hands each consumer every event once, in order', async () => {
    await tx.run((manager) => append(manager, 'before'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await drain('first')).toEqual([]); // creates its checkpoint: history is GET /events'
    expect(await drain('second')).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    // A millisecond apart: events of one millisecond go in id order.
    for (const name of ['a', 'b', 'c']) {
      await tx.run((manager) => append(manager, name));
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await drain('first', 2)).toEqual(['a', 'b', 'c']);
    expect(await drain('first')).toEqual([]);
    expect(await drain('second')).toEqual(['a', 'b', 'c']);
  });

  it('rolls a batch back with its checkpoint when the consumer fails', async () => {
    await drain('failing');
    await new Promise((resolve) => setTimeout(resolve, 5));
    await tx.run((manager) => append(manager, 'd'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    await expect(reader.follow('failing', 10, async () => Promise.reject(new Error('consumer down')))).rejects.toThrow('consumer down');
    expect(await drain('failing')).toEqual(['d']);
  });

  (isPostgresRun() ? it : it.skip)('never skips an event whose transaction commits after a later one (PostgreSQL)', async () => {
    await drain('ordered');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // Stamped first, committed last.
    const slow = tx.run(async (manager) => {
      await append(manager, 'stamped first');
      await held;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await tx.run((manager) => append(manager, 'committed first'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await drain('ordered')).toEqual([]); // below the open transaction's start: nothing yet
    expect(await reader.follow('ordered', 10, async () => undefined)).toEqual({ taken: 0, heldBack: true });
    release();
    await slow;
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await drain('ordered')).toEqual(['stamped first', 'committed first']);
  });

  it('lets concurrent workers of one consumer take each event once', async () => {
    await drain('shared');
    await new Promise((resolve) => setTimeout(resolve, 5));
    await tx.run(async (manager) => {
      for (let i = 0; i < 30; i++) await append(manager, `e${i}`);
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const taken: string[] = [];
    const worker = async () => {
      while ((await reader.follow('shared', 4, async (_manager, events) => void taken.push(...events.map(nameOf)))).taken > 0);
    };
    await Promise.all([worker(), worker(), worker()]);
    expect(taken.sort()).toEqual(Array.from({ length: 30 }, (_, i) => `e${i}`).sort());
  });
});
