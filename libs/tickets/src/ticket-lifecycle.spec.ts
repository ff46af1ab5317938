import { initialStatus, withStatus } from './ticket-lifecycle';

const t0 = new Date('2026-01-01T00:00:00.000Z');
const t1 = new Date('2026-01-02T00:00:00.000Z');
const t2 = new Date('2026-01-03T00:00:00.000Z');

describe('ticket status timestamps', () => {
  it('starts open with no timestamps, or stamped when created resolved or closed', () => {
    expect(initialStatus('open', t0)).toEqual({
      status: 'open',
      resolvedAt: null,
      closedAt: null,
      firstResolvedAt: null,
      firstClosedAt: null,
    });
    expect(initialStatus('resolved', t0)).toMatchObject({ resolvedAt: t0, firstResolvedAt: t0, closedAt: null });
    expect(initialStatus('closed', t0)).toMatchObject({ resolvedAt: null, closedAt: t0, firstClosedAt: t0 });
  });

  it('clears resolved_at when reopened but keeps first_resolved_at', () => {
    const resolved = initialStatus('resolved', t0);
    const reopened = withStatus(resolved, 'open', t1);
    expect(reopened).toMatchObject({ status: 'open', resolvedAt: null, firstResolvedAt: t0 });
    expect(withStatus(reopened, 'resolved', t2)).toMatchObject({ resolvedAt: t2, firstResolvedAt: t0 });
  });

  it('keeps resolved_at when a resolved ticket is closed, and clears closed_at when it leaves closed', () => {
    const closed = withStatus(initialStatus('resolved', t0), 'closed', t1);
    expect(closed).toMatchObject({ resolvedAt: t0, closedAt: t1, firstClosedAt: t1 });
    expect(withStatus(closed, 'pending', t2)).toMatchObject({ resolvedAt: null, closedAt: null, firstClosedAt: t1, firstResolvedAt: t0 });
  });

  it('changes nothing when the status stays the same', () => {
    const resolved = initialStatus('resolved', t0);
    expect(withStatus(resolved, 'resolved', t2)).toEqual(resolved);
  });
});
