import { useState } from 'react';

/**
 * Actions on a page's records (revoke, toggle, move): each runs, then the page reloads what it
 * shows; a failure is kept for a FormError, a success may leave a notice.
 */
export function useActions(after: () => unknown): {
  act: (what: () => Promise<string | void>) => Promise<void>;
  error: unknown;
  notice: string | null;
} {
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const act = async (what: () => Promise<string | void>) => {
    setNotice(null);
    try {
      const message = await what();
      setError(null);
      if (message) setNotice(message);
      await after();
    } catch (failure) {
      setError(failure);
    }
  };
  return { act, error, notice };
}
