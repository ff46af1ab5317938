/**
 * A hint to recognise a channel's URL without revealing it: the scheme and host, and the last
 * four characters (Slack's secret is the path, so four of its ~24 random characters stay hidden enough).
 */
export function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const tail = (parsed.pathname + parsed.search).replace(/\/+$/, '');
    return `${parsed.protocol}//${parsed.host}/…${tail.length > 12 ? tail.slice(-4) : ''}`;
  } catch {
    return '…';
  }
}

/**
 * Why the URL cannot be a channel's, or null: `https` on an allowed host (`http` too where
 * private targets are allowed, for development), and no credentials in the URL itself.
 */
export function channelUrlProblem(url: string, allowedHosts: readonly string[], allowHttp: boolean): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be a valid URL';
  }
  if (parsed.protocol !== 'https:' && !(allowHttp && parsed.protocol === 'http:'))
    return allowHttp ? 'must be an http(s) URL' : 'must be an https URL';
  if (parsed.username || parsed.password) return 'must not contain credentials';
  if (!allowedHosts.includes(parsed.hostname.toLowerCase())) return `must be on an allowed host (${allowedHosts.join(', ')})`;
  return null;
}
