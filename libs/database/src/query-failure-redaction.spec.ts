import { QueryFailedError } from 'typeorm';
import { pino } from 'pino';
import { redactQueryFailure } from './query-failure-redaction';

describe('redactQueryFailure', () => {
  it('keeps the statement and the driver code, never the parameters or the driver detail', () => {
    const driverError = Object.assign(new Error('duplicate key value violates unique constraint "uq_users_email"'), {
      code: '23505',
      detail: 'Key (email)=(ada@example.com) already exists.',
    });
    const error = new QueryFailedError('UPDATE webhook_endpoints SET secret = $1 WHERE id = $2', ['whsec_topsecret', 'whk_1'], driverError);
    const logged = JSON.stringify(pino.stdSerializers.err(redactQueryFailure(error) as Error));
    expect(logged).not.toContain('whsec_topsecret');
    expect(logged).not.toContain('ada@example.com');
    expect(JSON.parse(logged)).toMatchObject({
      type: 'QueryFailedError',
      message: expect.stringContaining('uq_users_email'),
      query: 'UPDATE webhook_endpoints SET secret = $1 WHERE id = $2',
      parameters: '[2 redacted]',
      code: '23505',
      stack: expect.stringContaining('QueryFailedError'),
    });
  });

  it('leaves other errors alone', () => {
    const error = new Error('boom');
    expect(redactQueryFailure(error)).toBe(error);
  });
});
