import { ValueTransformer } from 'typeorm';

/**
 * Timestamps are stored as epoch milliseconds (bigint) on both databases: one representation
 * for keyset cursors, range filters and analytics arithmetic, whatever the engine.
 */
export const epochMs: ValueTransformer = {
  to: (value: Date | null | undefined) => (value == null ? value : value.getTime()),
  from: (value: string | number | null) => (value == null ? null : new Date(Number(value))),
};

export function iso(value: Date): string;
export function iso(value: Date | null): string | null;
export function iso(value: Date | null): string | null {
  return value ? value.toISOString() : null;
}
