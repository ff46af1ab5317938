import { bearer, createWorkspace, startTestApp, TestApp } from '../helpers/test-app';

// Contract §4, within one process (the shared Redis budget is proved in rate-limits-redis).
describe('rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '5' });
  });
  afterAll(() => t.close());

  it('gives each key N requests a minute with the three headers, then 429 with Retry-After', async () => {
    const ws = await createWorkspace(t.app);
    // The window starts at the key's first request, somewhere between these two instants, and
    // every response in it names the same end (epoch seconds, rounded up).
    const before = Date.now();
    let firstAnswered = 0;
    const resets = new Set<number>();
    for (let i = 1; i <= 5; i++) {
      const res = await t.http.get('/api/v1/users/me').set(bearer(ws.agent.key)).expect(200);
      firstAnswered ||= Date.now();
      expect(res.headers['x-ratelimit-limit']).toBe('5');
      expect(res.headers['x-ratelimit-remaining']).toBe(String(5 - i));
      resets.add(Number(res.headers['x-ratelimit-reset']));
    }
    expect(resets.size).toBe(1);
    const [reset] = resets;
    expect(reset).toBeGreaterThanOrEqual(Math.ceil((before + 60_000) / 1000));
    expect(reset).toBeLessThanOrEqual(Math.ceil((firstAnswered + 60_000) / 1000));
    const limited = await t.http.get('/api/v1/users/me').set(bearer(ws.agent.key)).expect(429);
    expect(limited.body.error).toMatchObject({ code: 'rate_limited', request_id: expect.any(String) });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(limited.headers['x-ratelimit-limit']).toBe('5');
    expect(limited.headers['x-ratelimit-remaining']).toBe('0');
    expect(limited.headers['x-ratelimit-reset']).toEqual(expect.any(String));

    // The budget is per key: another key of the same user's workspace is unaffected.
    await t.http.get('/api/v1/users/me').set(bearer(ws.viewer.key)).expect(200);
  });

  it('counts requests without a valid key per client IP, failed attempts included, whatever X-Forwarded-For says', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) {
      // TRUST_PROXY is off: a header naming a new client each time is not believed.
      const res = await t.http
        .get('/api/v1/users/me')
        .set(bearer(`rly_guess${i}guessguessguessguessguessguess`))
        .set('X-Forwarded-For', `203.0.113.${i + 1}`);
      codes.push(res.status);
      expect(res.headers['x-ratelimit-limit']).toBe('5');
    }
    expect(codes).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('does not count or limit health checks and the OpenAPI document', async () => {
    for (let i = 0; i < 8; i++) {
      const res = await t.http.get('/health').set('X-Forwarded-For', '203.0.113.50').expect(200);
      expect(res.headers['x-ratelimit-limit']).toBeUndefined();
    }
    for (let i = 0; i < 6; i++) await t.http.get('/openapi.json').set('X-Forwarded-For', '203.0.113.50').expect(200);
  });

  describe('behind a proxy named in TRUST_PROXY', () => {
    let proxied: TestApp;
    beforeAll(async () => {
      proxied = await startTestApp({ RATE_LIMIT_PER_MINUTE: '2', TRUST_PROXY: '127.0.0.1/32, ::1' });
    });
    afterAll(() => proxied.close());

    it('limits each client named by the proxy on its own budget', async () => {
      const attempt = (client: string) => proxied.http.get('/api/v1/users/me').set('X-Forwarded-For', client);
      for (const expected of [401, 401, 429]) await attempt('203.0.113.20').expect(expected);
      await attempt('203.0.113.21').expect(401);
      // The proxy appends the address it saw: the client's own X-Forwarded-For entries do not count.
      await attempt('198.51.100.7, 203.0.113.20').expect(429);
    });
  });
});
