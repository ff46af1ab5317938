import { useCallback, useEffect, useState } from 'react';

/** One record a page shows (a rule, a team…): read on mount and on reload; the failure kept for the page. */
export function useRecord<T>(
  read: () => Promise<T>,
  deps: unknown[],
): { record: T | null; setRecord: (record: T) => void; error: unknown; reload: () => Promise<void> } {
  const [record, setRecord] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const fetcher = useCallback(read, deps);
  const reload = useCallback(async () => {
    try {
      setRecord(await fetcher());
    } catch (failure) {
      setError(failure);
    }
  }, [fetcher]);
  useEffect(() => void reload(), [reload]);
  return { record, setRecord, error, reload };
}
