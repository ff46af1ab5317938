import { validationFailed } from '@relay/common';

const DAY_MS = 86_400_000;
export const DEFAULT_WINDOW_DAYS = 30;

export interface ReportWindow {
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, exclusive. */
  to: number;
}

/** `from`/`to` as given or defaulted (the 30 days up to now); `from` must come before `to`. */
export function resolveWindow(input: { from?: string; to?: string }, now: number): ReportWindow {
  const to = input.to === undefined ? now : Date.parse(input.to);
  const from = input.from === undefined ? to - DEFAULT_WINDOW_DAYS * DAY_MS : Date.parse(input.from);
  if (from >= to) throw validationFailed('from', 'must be before to');
  return { from, to };
}
