import { QueryFailedError } from 'typeorm';

/**
 * A failed query as it may be logged: the statement, the driver's code and message, never the
 * values bound to it (user ids, emails, webhook secrets) nor the driver's `detail`, in which
 * PostgreSQL repeats them ("Key (email)=(…)", "Failing row contains (…)"). Anything else is
 * returned as it is.
 */
export function redactQueryFailure(error: unknown): unknown {
  if (!(error instanceof QueryFailedError)) return error;
  const parameters = Array.isArray(error.parameters) ? error.parameters.length : 0;
  // Same prototype, so a log's error type still reads QueryFailedError.
  const redacted = Object.create(Object.getPrototypeOf(error) as object) as Record<string, unknown>;
  Object.assign(redacted, {
    message: error.message,
    stack: error.stack,
    query: error.query,
    parameters: `[${parameters} redacted]`,
    code: (error.driverError as { code?: unknown } | undefined)?.code,
  });
  return redacted;
}
