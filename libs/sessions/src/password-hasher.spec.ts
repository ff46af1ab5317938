import { hashPassword, verifyPassword } from './password-hasher';

describe('password hasher', () => {
  it('verifies the right password only, with a fresh salt per hash', async () => {
    const first = await hashPassword('correct horse battery staple');
    const second = await hashPassword('correct horse battery staple');
    expect(first).toMatch(/^scrypt\$32768\$8\$3\$[\w-]{22}\$[\w-]{43}$/);
    expect(first).not.toEqual(second);
    await expect(verifyPassword(first, 'correct horse battery staple')).resolves.toBe(true);
    await expect(verifyPassword(first, 'correct horse battery stapl')).resolves.toBe(false);
  });

  it('never matches a malformed stored value', async () => {
    await expect(verifyPassword('plain-text-password', 'plain-text-password')).resolves.toBe(false);
  });
});
