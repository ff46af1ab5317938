import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Permission, Role } from './permissions';

/** Who is calling: resolved from the API key (or session) on every request, fresh from the database. */
export interface Principal {
  /** The key's id, or the session's id when a person signed in (it tracks rate limits and idempotency). */
  keyId: string;
  /** Set when a browser session authenticated the request: it acts as a key with no scopes. */
  sessionId?: string;
  userId: string;
  workspaceId: string;
  role: Role;
  /** The key's own scopes, or null for a key with all of its creator's permissions. */
  scopes: readonly Permission[] | null;
  permissions: ReadonlySet<Permission>;
  /** When the key stops working, or null if it never expires. */
  expiresAt: Date | null;
}

/** Why a presented key does not authenticate; the message tells an integrator what to fix. */
export type AuthFailure = 'missing' | 'malformed' | 'unknown' | 'revoked' | 'expired' | 'user_deactivated' | 'session_ended' | 'csrf';

export type Authentication = { principal: Principal } | { failure: AuthFailure };

/** Resolves a bearer secret to a principal. Implemented by the api-keys module. */
export interface PrincipalResolver {
  resolve(secret: string): Promise<Authentication>;
}
export const PRINCIPAL_RESOLVER = Symbol('PRINCIPAL_RESOLVER');

/** Resolves a `relay_session` cookie's token to a principal. Implemented by the sessions module. */
export interface SessionResolver {
  resolve(token: string): Promise<Authentication>;
}
export const SESSION_RESOLVER = Symbol('SESSION_RESOLVER');

export interface AuthenticatedRequest {
  principal?: Principal;
  authFailure?: AuthFailure;
}

/** The authenticated principal of the current request. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  return request.principal!;
});
