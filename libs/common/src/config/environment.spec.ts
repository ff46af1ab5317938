import { ConfigurationError, validateEnvironment } from './environment';

describe('validateEnvironment', () => {
  it('applies the documented defaults', () => {
    const env = validateEnvironment({});
    expect(env.PORT).toBe(3000);
    expect(env.RATE_LIMIT_PER_MINUTE).toBe(100);
    expect(env.WEBHOOK_ALLOW_PRIVATE_TARGETS).toBe(false);
    expect(env.DATABASE_URL).toBe('sqlite:./data/relay.sqlite');
  });

  it('parses numbers and booleans from strings', () => {
    const env = validateEnvironment({ PORT: '8080', RATE_LIMIT_PER_MINUTE: '5', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' });
    expect(env).toMatchObject({ PORT: 8080, RATE_LIMIT_PER_MINUTE: 5, WEBHOOK_ALLOW_PRIVATE_TARGETS: true });
  });

  it.each([
    ['PORT', 'abc', 'must be a whole number'],
    ['PORT', '1.5', 'must be a whole number'],
    ['PORT', '70000', 'must not be greater than 65535'],
    ['RATE_LIMIT_PER_MINUTE', 'abc', 'must be a whole number'],
    ['TICKET_PAGE_CACHE_MB', '-1', 'must not be less than 0'],
  ])('gives the reason that fits: %s=%s %s', (name, value, reason) => {
    expect(() => validateEnvironment({ [name]: value })).toThrow(`Invalid configuration: ${name} ${reason} (got "${value}")`);
  });

  it.each([
    ['PORT', 'abc'],
    ['RATE_LIMIT_PER_MINUTE', '0'],
    ['DATABASE_URL', 'mysql://x'],
    ['WEBHOOK_RETRY_DELAYS', '5,,x'],
    ['WEBHOOK_ALLOW_PRIVATE_TARGETS', 'yes'],
    ['REDIS_URL', 'localhost:6379'],
    ['LOG_LEVEL', 'loud'],
    ['WEBHOOK_DELIVERY', 'sometimes'],
  ])('rejects %s=%s with one line naming the variable', (name, value) => {
    expect(() => validateEnvironment({ [name]: value })).toThrow(ConfigurationError);
    try {
      validateEnvironment({ [name]: value });
    } catch (error) {
      expect((error as Error).message).toMatch(new RegExp(`^Invalid configuration: ${name} `));
      expect((error as Error).message).not.toContain('\n');
    }
  });
});
