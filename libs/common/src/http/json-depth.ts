/** Deeper bodies are refused before validation: recursive validators would overflow the stack. */
export const MAX_JSON_DEPTH = 32;

/** True when `value` nests arrays/objects deeper than `limit`; iterative, so it cannot overflow. */
export function exceedsDepth(value: unknown, limit = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}
