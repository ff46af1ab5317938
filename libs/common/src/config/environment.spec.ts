import { ConfigurationError, validateEnvironment } from './environment';
import { RelayConfig } from './relay-config';

describe('validateEnvironment', () => {
  it('applies the documented defaults', () => {
    const env = validateEnvironment({});
    expect(env.PORT).toBe(3000);
    expect(env.RATE_LIMIT_PER_MINUTE).toBe(100);
    expect(env.WEBHOOK_ALLOW_PRIVATE_TARGETS).toBe(false);
    expect(env.DATABASE_URL).toBe('sqlite:./data/relay.sqlite');
    expect(env.TRUST_PROXY).toBe('false');
    expect(env.NOTIFICATION_ALLOWED_HOSTS).toBe('hooks.slack.com');
    expect(env.NOTIFY_MAX_PER_SECOND).toBe(1);
  });

  it.each([
    ['twenty characters', 'rly_0123456789abcdefg'],
    ['no rly_ prefix', 'x'.repeat(4) + 'aB3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF'],
    ['one character repeated', `rly_${'a'.repeat(40)}`],
    ['a short pattern repeated', `rly_${'0123456789abcdef'.repeat(3)}`],
    ['few distinct characters', `rly_${'abcdefghij'.repeat(3)}abcdefgh`],
  ])('refuses a bootstrap key with %s, without echoing it', (_name, key) => {
    expect(() => validateEnvironment({ RELAY_BOOTSTRAP_KEY: key })).toThrow(
      /^Invalid configuration: RELAY_BOOTSTRAP_KEY must be rly_ .*\(got a \d+-character value\)$/,
    );
    expect(() => validateEnvironment({ RELAY_BOOTSTRAP_KEY: key })).not.toThrow(key);
  });

  it('accepts a bootstrap key as long and varied as a generated one', () => {
    expect(validateEnvironment({ RELAY_BOOTSTRAP_KEY: 'rly_aB3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF' }).RELAY_BOOTSTRAP_KEY).toMatch(/^rly_/);
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
    ['TRUST_PROXY', 'yes'],
    ['TRUST_PROXY', '10.0.0.0/40'],
    ['NOTIFY_MAX_PER_SECOND', '0'],
    ['NOTIFICATION_ALLOWED_HOSTS', 'https://hooks.slack.com/'],
  ])('rejects %s=%s with one line naming the variable', (name, value) => {
    expect(() => validateEnvironment({ [name]: value })).toThrow(ConfigurationError);
    try {
      validateEnvironment({ [name]: value });
    } catch (error) {
      expect((error as Error).message).toMatch(new RegExp(`^Invalid configuration: ${name} `));
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('keeps run-log entries AUTOMATION_RUN_RETENTION_DAYS (90 by default), whole days from 1', () => {
    expect(new RelayConfig(validateEnvironment({})).automation).toEqual({ runRetentionMs: 90 * 86_400_000 });
    expect(new RelayConfig(validateEnvironment({ AUTOMATION_RUN_RETENTION_DAYS: '7' })).automation.runRetentionMs).toBe(7 * 86_400_000);
    expect(() => validateEnvironment({ AUTOMATION_RUN_RETENTION_DAYS: '0' })).toThrow(
      /^Invalid configuration: AUTOMATION_RUN_RETENTION_DAYS /,
    );
    expect(() => validateEnvironment({ AUTOMATION_RUN_RETENTION_DAYS: '1.5' })).toThrow(
      'AUTOMATION_RUN_RETENTION_DAYS must be a whole number',
    );
  });

  it('reads session lifetimes in hours and days, fractions allowed, and refuses anything else', () => {
    const env = validateEnvironment({ SESSION_IDLE_HOURS: '0.5', SESSION_MAX_DAYS: '2', AUTH_ATTEMPTS_PER_15_MIN: '20' });
    expect(new RelayConfig(env).sessions).toEqual({ attemptsPer15Min: 20, idleMs: 1_800_000, maxAgeMs: 172_800_000 });
    expect(() => validateEnvironment({ SESSION_IDLE_HOURS: '12h' })).toThrow('SESSION_IDLE_HOURS must be a number of hours');
    expect(() => validateEnvironment({ SESSION_MAX_DAYS: '0' })).toThrow(/SESSION_MAX_DAYS/);
    expect(() => validateEnvironment({ AUTH_ATTEMPTS_PER_15_MIN: '0' })).toThrow(/AUTH_ATTEMPTS_PER_15_MIN/);
  });
});
