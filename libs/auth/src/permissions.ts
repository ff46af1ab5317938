/**
 * Permissions are `resource:action`; each role's set is built from the role below it
 * (viewer ⊂ agent ⊂ admin), contract §3. These names are also the API-key scope names.
 */
export const PERMISSIONS = [
  'tickets:read',
  'tickets:write',
  'customers:read',
  'customers:write',
  'conversations:read',
  'conversations:write',
  'tags:read',
  'tags:write',
  'users:read',
  'users:write',
  'analytics:read',
  'events:read',
  'webhooks:read',
  'webhooks:write',
  'api_keys:read',
  'api_keys:write',
  'notification_channels:read',
  'notification_channels:write',
  'teams:read',
  'teams:write',
  'rules:read',
  'rules:write',
  'jobs:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ['viewer', 'agent', 'admin'] as const;
export type Role = (typeof ROLES)[number];

// Every role manages keys (its own: see KEY_REACH), so a key narrowed by scopes loses key
// management unless its scopes name these.
const VIEWER: Permission[] = [
  'tickets:read',
  'customers:read',
  'conversations:read',
  'tags:read',
  'users:read',
  'analytics:read',
  'events:read',
  'teams:read',
  'api_keys:read',
  'api_keys:write',
  'rules:read',
  'jobs:read',
];
const AGENT: Permission[] = [...VIEWER, 'tickets:write', 'customers:write', 'conversations:write', 'tags:write'];
const ADMIN: Permission[] = [
  ...AGENT,
  'users:write',
  'webhooks:read',
  'webhooks:write',
  'notification_channels:read',
  'notification_channels:write',
  'teams:write',
  'rules:write',
];

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  viewer: new Set(VIEWER),
  agent: new Set(AGENT),
  admin: new Set(ADMIN),
};

/** Which keys `api_keys:read`/`api_keys:write` reach: the caller's user's own, or every key of the workspace. */
export const KEY_REACH: Record<Role, 'own' | 'workspace'> = {
  viewer: 'own',
  agent: 'own',
  admin: 'workspace',
};

export function isPermission(name: string): name is Permission {
  return (PERMISSIONS as readonly string[]).includes(name);
}

/** A key's effective permissions: its scopes ∩ its creator's current role (scopes only narrow). */
export function effectivePermissions(role: Role, scopes: readonly Permission[] | null): ReadonlySet<Permission> {
  const held = ROLE_PERMISSIONS[role];
  if (!scopes) return held;
  return new Set(scopes.filter((scope) => held.has(scope)));
}

export function isGranted(required: readonly Permission[], held: ReadonlySet<Permission>): boolean {
  return required.every((permission) => held.has(permission));
}
