import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Permission, Role } from './permissions';

/** Who is calling: resolved from the API key on every request, fresh from the database. */
export interface Principal {
  keyId: string;
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
export type AuthFailure = 'missing' | 'malformed' | 'unknown' | 'revoked' | 'expired' | 'user_deactivated';

export type Authentication = { principal: Principal } | { failure: AuthFailure };

/** Resolves a bearer secret to a principal. Implemented by the api-keys module. */
export interface PrincipalResolver {
  resolve(secret: string): Promise<Authentication>;
}
export const PRINCIPAL_RESOLVER = Symbol('PRINCIPAL_RESOLVER');

export interface AuthenticatedRequest {
  principal?: Principal;
  authFailure?: AuthFailure;
}

/** The authenticated principal of the current request. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  return request.principal!;
});
