import { createContext, useContext } from 'react';
import type { Role, Schemas } from './api';

export interface Session {
  user: Schemas['UserResponse'];
  workspace: Schemas['WorkspaceResponse'];
  signOut(): Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}

// What the pages offer, per role (contract §3: viewer ⊂ agent ⊂ admin). Only a hint for the
// interface: the server checks every request against the user's current role.
const ADMIN_ONLY = new Set(['users:write', 'webhooks:read', 'webhooks:write']);

export function can(role: Role, permission: 'users:write' | 'webhooks:read' | 'webhooks:write' | 'api_keys:write'): boolean {
  return role === 'admin' || !ADMIN_ONLY.has(permission);
}
