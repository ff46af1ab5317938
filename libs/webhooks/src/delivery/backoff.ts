/** How far a retry may stray from its nominal delay, either way, so failed receivers are not hit in lockstep. */
export const JITTER_RATIO = 0.2;

/**
 * When to try a delivery again after `attemptsMade` attempts have failed, in milliseconds, or
 * null when the schedule is exhausted. `delaysSeconds` is the whole schedule (N delays = N + 1
 * attempts; the default grows roughly exponentially, 5 s … 10 h); each delay gets ±20 % jitter.
 */
export function retryDelayMs(attemptsMade: number, delaysSeconds: readonly number[], random: () => number = Math.random): number | null {
  if (attemptsMade < 1 || attemptsMade > delaysSeconds.length) return null;
  const nominal = delaysSeconds[attemptsMade - 1] * 1000;
  const jitter = (random() * 2 - 1) * JITTER_RATIO;
  return Math.max(0, Math.round(nominal * (1 + jitter)));
}

/** An endpoint that has failed every attempt for this long is disabled. */
export const DISABLE_AFTER_MS = 5 * 24 * 60 * 60 * 1000;

export function shouldDisable(failingSince: Date | null, now: Date): boolean {
  return failingSince !== null && now.getTime() - failingSince.getTime() >= DISABLE_AFTER_MS;
}
