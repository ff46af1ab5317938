import { Controller, Get } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { ApiError } from '@relay/common';
import { Public, RequirePermissions } from './decorators';
import { PermissionsGuard } from './permissions.guard';
import { effectivePermissions, Role } from './permissions';
import { AuthenticatedRequest } from './principal';

@RequirePermissions('tickets:read')
@Controller()
class SampleController {
  @Get() list() {}
  @RequirePermissions('tickets:write') @Get() create() {}
  @Public() @Get() health() {}
}

@Controller()
class UndeclaredController {
  @Get() anything() {}
}

function contextFor(handler: keyof SampleController | 'anything', request: AuthenticatedRequest, cls: object = SampleController) {
  const proto = (cls as { prototype: Record<string, () => void> }).prototype;
  return new ExecutionContextHost([request, {}], cls as never, proto[handler]);
}

function principal(role: Role, scopes: null | ['tickets:read'] = null): AuthenticatedRequest {
  return {
    principal: {
      keyId: 'k',
      userId: 'u',
      workspaceId: 'w',
      role,
      scopes,
      permissions: effectivePermissions(role, scopes),
      expiresAt: null,
    },
  };
}

describe('PermissionsGuard', () => {
  const guard = new PermissionsGuard(new Reflector());
  const code = (fn: () => unknown) => {
    try {
      fn();
      return 'allowed';
    } catch (error) {
      return (error as ApiError).code;
    }
  };

  it('reads class-level permissions when the handler declares none', () => {
    expect(code(() => guard.canActivate(contextFor('list', principal('viewer'))))).toBe('allowed');
  });

  it('lets the handler declaration override the class', () => {
    expect(code(() => guard.canActivate(contextFor('create', principal('viewer'))))).toBe('forbidden');
    expect(code(() => guard.canActivate(contextFor('create', principal('agent'))))).toBe('allowed');
  });

  it('narrows by scopes', () => {
    expect(code(() => guard.canActivate(contextFor('create', principal('admin', ['tickets:read']))))).toBe('forbidden');
  });

  it('answers 401 without a principal, with the reason', () => {
    let error: ApiError | undefined;
    try {
      guard.canActivate(contextFor('list', { authFailure: 'revoked' }));
    } catch (e) {
      error = e as ApiError;
    }
    expect(error?.code).toBe('unauthorized');
    expect(error?.message).toMatch(/revoked/);
  });

  it('lets public routes through without a key', () => {
    expect(code(() => guard.canActivate(contextFor('health', {})))).toBe('allowed');
  });

  it('fails closed on a route that declares nothing', () => {
    expect(code(() => guard.canActivate(contextFor('anything', principal('admin'), UndeclaredController)))).toBe('forbidden');
  });
});
