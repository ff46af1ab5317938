import { createContext, useContext } from 'react';
import type { Permission, Role, Schemas } from './api';

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
const ADMIN_ONLY = new Set<Permission>([
  'users:write',
  'webhooks:read',
  'webhooks:write',
  'teams:write',
  'rules:write',
  'notification_channels:read',
  'notification_channels:write',
]);

export function can(role: Role, permission: Permission): boolean {
  return role === 'admin' || !ADMIN_ONLY.has(permission);
}
