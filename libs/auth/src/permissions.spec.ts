import { effectivePermissions, isGranted, KEY_REACH, ROLE_PERMISSIONS } from './permissions';

describe('permissions', () => {
  it('nests roles: viewer ⊂ agent ⊂ admin', () => {
    for (const p of ROLE_PERMISSIONS.viewer) expect(ROLE_PERMISSIONS.agent.has(p)).toBe(true);
    for (const p of ROLE_PERMISSIONS.agent) expect(ROLE_PERMISSIONS.admin.has(p)).toBe(true);
    expect(ROLE_PERMISSIONS.viewer.has('tickets:write')).toBe(false);
    expect(ROLE_PERMISSIONS.agent.has('users:write')).toBe(false);
    expect(ROLE_PERMISSIONS.agent.has('webhooks:read')).toBe(false);
  });

  it('lets every role manage keys, reaching every key of the workspace only for admins', () => {
    for (const role of ['viewer', 'agent', 'admin'] as const) {
      expect(isGranted(['api_keys:read', 'api_keys:write'], ROLE_PERMISSIONS[role])).toBe(true);
      expect(KEY_REACH[role]).toBe(role === 'admin' ? 'workspace' : 'own');
    }
    expect(effectivePermissions('admin', ['tickets:read']).has('api_keys:write')).toBe(false);
  });

  it('narrows a key to its scopes', () => {
    const held = effectivePermissions('admin', ['tickets:read']);
    expect([...held]).toEqual(['tickets:read']);
  });

  it('never widens a key beyond its creator’s current role', () => {
    const held = effectivePermissions('viewer', ['tickets:read', 'tickets:write']);
    expect([...held]).toEqual(['tickets:read']);
  });

  it('grants only when every required permission is held', () => {
    const held = ROLE_PERMISSIONS.agent;
    expect(isGranted(['tickets:write'], held)).toBe(true);
    expect(isGranted(['tickets:write', 'users:write'], held)).toBe(false);
    expect(isGranted([], held)).toBe(true);
  });
});
