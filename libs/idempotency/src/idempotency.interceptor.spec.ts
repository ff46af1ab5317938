import { isReplayable } from './idempotency.interceptor';

describe('isReplayable (which outcomes an Idempotency-Key keeps)', () => {
  it.each([200, 201, 202, 204, 404, 422])('keeps %i', (status) => expect(isReplayable(status)).toBe(true));
  it.each([400, 409, 429, 500, 503])('releases the key after %i so a retry can run', (status) => expect(isReplayable(status)).toBe(false));
});
