import { applyDecorators, Header } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export interface DeprecationNotice {
  /** When the route became deprecated. */
  since: Date;
  /** When it stops answering (at least 6 months after `since`, per docs/api-compatibility.md). */
  sunset: Date;
  /** A page explaining the replacement. */
  link?: string;
}

/**
 * The response headers announcing a retirement: `Deprecation` (RFC 9745, `@` + epoch seconds),
 * `Sunset` (RFC 8594, an HTTP-date) and, when given, a `Link` with `rel="deprecation"`.
 */
export function deprecationHeaders(notice: DeprecationNotice): Record<string, string> {
  if (notice.sunset <= notice.since) throw new Error('a sunset must come after the deprecation');
  return {
    Deprecation: `@${Math.floor(notice.since.getTime() / 1000)}`,
    Sunset: notice.sunset.toUTCString(),
    ...(notice.link ? { Link: `<${notice.link}>; rel="deprecation"` } : {}),
  };
}

/**
 * Marks a route as retiring: every answer carries the headers above, and the OpenAPI document
 * shows the operation as `deprecated` with its sunset (`x-sunset`).
 */
export function Deprecated(notice: DeprecationNotice): MethodDecorator {
  const headers = deprecationHeaders(notice);
  return applyDecorators(
    ...Object.entries(headers).map(([name, value]) => Header(name, value)),
    ApiExtension('x-sunset', notice.sunset.toISOString()),
  );
}
