import { useCallback, useEffect, useState } from 'react';
import { isFailure } from '../api';

export interface PageOf<T> {
  data: T[];
  meta: { next_cursor: string | null; total: number };
}

export interface Paged<T> {
  items: T[] | null;
  total: number;
  error: string | null;
  hasMore: boolean;
  loading: boolean;
  more(): void;
  reload(): void;
}

/**
 * A list read with the API's cursors: the first page, then "Load more" appends the next one
 * (`meta.next_cursor`) until it is null.
 */
export function usePaged<T>(fetchPage: (cursor?: string) => Promise<PageOf<T>>, deps: unknown[] = []): Paged<T> {
  const [items, setItems] = useState<T[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const fetcher = useCallback(fetchPage, deps);

  const load = useCallback(
    async (from?: string) => {
      setLoading(true);
      try {
        const page = await fetcher(from);
        setItems((shown) => (from && shown ? [...shown, ...page.data] : page.data));
        setCursor(page.meta.next_cursor);
        setTotal(page.meta.total);
        setError(null);
      } catch (failure) {
        setError(isFailure(failure) ? failure.message : 'The server could not be reached.');
      } finally {
        setLoading(false);
      }
    },
    [fetcher],
  );

  useEffect(() => {
    void load();
  }, [load]);

  return {
    items,
    total,
    error,
    loading,
    hasMore: cursor !== null,
    more: () => cursor && void load(cursor),
    reload: () => void load(),
  };
}
