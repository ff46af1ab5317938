import { displayPrefix, generateSecret, hashesMatch, hashSecret } from './api-key-secret';

describe('api key secrets', () => {
  it('are long, prefixed and unique', () => {
    const secrets = new Set(Array.from({ length: 200 }, generateSecret));
    expect(secrets.size).toBe(200);
    for (const secret of secrets) expect(secret).toMatch(/^rly_[0-9A-Za-z]{43}$/);
  });

  it('hash deterministically to hex and never contain the secret', () => {
    const secret = generateSecret();
    expect(hashSecret(secret)).toBe(hashSecret(secret));
    expect(hashSecret(secret)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSecret(secret)).not.toContain(secret.slice(4));
  });

  it('show only a short prefix', () => {
    expect(displayPrefix('rly_abcdefghijklmnop')).toBe('rly_abcdefgh');
  });

  it('compare hashes exactly', () => {
    expect(hashesMatch(hashSecret('a'), hashSecret('a'))).toBe(true);
    expect(hashesMatch(hashSecret('a'), hashSecret('b'))).toBe(false);
    expect(hashesMatch('short', hashSecret('a'))).toBe(false);
  });
});
