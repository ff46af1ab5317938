/**
 * The first query parameter (by name as sent) whose name or value is not percent-encoded UTF-8,
 * or undefined. Fastify's parser keeps such a component as literal text (`%ff`, `%ED%A0%80` for a
 * lone surrogate), so a filter would silently search for it: the contract makes it a 400.
 */
export function undecodableQueryField(url: string): string | undefined {
  const start = url.indexOf('?');
  // Only an escape can be malformed: the common query pays for one scan.
  if (start < 0 || url.indexOf('%', start) < 0) return undefined;
  for (const pair of url.slice(start + 1).split('&')) {
    if (!pair.includes('%')) continue;
    const equals = pair.indexOf('=');
    const name = equals < 0 ? pair : pair.slice(0, equals);
    const decodedName = decode(name);
    if (decodedName === undefined) return name;
    if (equals >= 0 && decode(pair.slice(equals + 1)) === undefined) return decodedName;
  }
  return undefined;
}

function decode(component: string): string | undefined {
  try {
    return decodeURIComponent(component.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}
