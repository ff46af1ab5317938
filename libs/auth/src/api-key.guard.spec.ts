import { Controller, Get } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { ApiKeyGuard } from './api-key.guard';
import { effectivePermissions } from './permissions';
import { AuthenticatedRequest, Authentication, PrincipalResolver, SessionResolver } from './principal';
import { csrfTokenFor } from './session-cookie';

@Controller()
class SampleController {
  @Get() route() {}
}

const TOKEN = 'a'.repeat(43);
const signedIn = (keyId: string): Authentication => ({
  principal: {
    keyId,
    userId: 'u',
    workspaceId: 'w',
    role: 'agent',
    scopes: null,
    permissions: effectivePermissions('agent', null),
    expiresAt: null,
  },
});

function setup() {
  const keys: PrincipalResolver = { resolve: jest.fn(async () => signedIn('key')) };
  const sessions: SessionResolver = { resolve: jest.fn(async () => signedIn('ses')) };
  const guard = new ApiKeyGuard(new Reflector(), keys, sessions);
  const run = async (method: string, headers: Record<string, string>) => {
    const request = { method, headers } as AuthenticatedRequest & { method: string; headers: Record<string, string> };
    await guard.canActivate(new ExecutionContextHost([request, {}], SampleController as never, SampleController.prototype.route));
    return request;
  };
  return { keys, sessions, run };
}

describe('ApiKeyGuard and the session cookie', () => {
  it('never asks for a session when no cookie is sent', async () => {
    const { sessions, run } = setup();
    expect((await run('GET', {})).authFailure).toBe('missing');
    expect(sessions.resolve).not.toHaveBeenCalled();
  });

  it('lets a Bearer key alone decide when a cookie comes too', async () => {
    const { sessions, run } = setup();
    const request = await run('POST', { authorization: 'Bearer rly_' + 'k'.repeat(40), cookie: `relay_session=${TOKEN}` });
    expect(request.principal?.keyId).toBe('key');
    expect(sessions.resolve).not.toHaveBeenCalled();
  });

  it('authenticates reads by the cookie, and writes only with the matching X-CSRF-Token', async () => {
    const { sessions, run } = setup();
    const cookie = `theme=dark; relay_session=${TOKEN}`;
    expect((await run('GET', { cookie })).principal?.keyId).toBe('ses');
    expect(sessions.resolve).toHaveBeenCalledWith(TOKEN);
    const refused = await run('DELETE', { cookie });
    expect(refused.authFailure).toBe('csrf');
    expect(refused.principal).toBeUndefined();
    expect((await run('PATCH', { cookie, 'x-csrf-token': csrfTokenFor('b'.repeat(43)) })).authFailure).toBe('csrf');
    expect((await run('POST', { cookie, 'x-csrf-token': csrfTokenFor(TOKEN) })).principal?.keyId).toBe('ses');
  });

  it('treats other cookies as no credentials', async () => {
    const { sessions, run } = setup();
    expect((await run('GET', { cookie: 'theme=dark' })).authFailure).toBe('missing');
    expect(sessions.resolve).not.toHaveBeenCalled();
  });
});
