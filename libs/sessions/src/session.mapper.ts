import { iso } from '@relay/common';
import { SessionResponse } from './dto/session.response';
import { UserSession } from './user-session.entity';

export function toSessionResponse(session: UserSession, idleMs: number): SessionResponse {
  const idleEnd = session.lastSeenAt.getTime() + idleMs;
  return {
    id: session.id,
    created_at: iso(session.createdAt),
    last_seen_at: iso(session.lastSeenAt),
    expires_at: iso(new Date(Math.min(idleEnd, session.expiresAt.getTime()))),
    ip: session.ip,
    user_agent: session.userAgent,
  };
}
