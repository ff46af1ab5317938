import { Body, Controller, Delete, Get, HttpStatus, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, NoKey, readSessionCookie, RequirePermissions } from '@relay/auth';
import type { Principal } from '@relay/auth';
import { BrowserSession } from './browser-session.decorator';
import { ApiData, ApiErrors, ApiNoContent, ApiPage, ErrorCode, ListQueryDto, Page, RelayConfig } from '@relay/common';
import { CurrentSessionResponse, SessionResponse } from './dto/session.response';
import { SignInDto } from './dto/sign-in.dto';
import { clearedSessionCookie, sessionCookie } from './session-cookie';
import { SessionsService } from './sessions.service';
import { Idempotent } from '@relay/idempotency';

const COOKIE_NOTE =
  'The browser then carries the session in the `relay_session` cookie (HttpOnly, SameSite=Strict, Secure over HTTPS); a POST, PUT, PATCH or DELETE made with it must also send `X-CSRF-Token`, else 403. A request with a Bearer key is authenticated by the key alone.';

@ApiTags('Sessions')
@Controller('auth')
export class SessionsController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly config: RelayConfig,
  ) {}

  @Post('sessions')
  // Without a key nothing is stored for replay; bound so the header is read the same on every POST.
  @Idempotent()
  @BrowserSession()
  @NoKey()
  @ApiOperation({
    operationId: 'signIn',
    summary: 'Sign in a person with email and password (no key)',
    description: `Creates a browser session acting as its user with the user's current role (like a key with no scopes). ${COOKIE_NOTE} An unknown email and a wrong password answer alike (401). Failed attempts are limited per client IP and per email (\`AUTH_ATTEMPTS_PER_15_MIN\`, default 10 per 15 minutes): then 429 with Retry-After. Sessions end after \`SESSION_IDLE_HOURS\` (12) without use and \`SESSION_MAX_DAYS\` (7) after sign-in.`,
  })
  @ApiData(CurrentSessionResponse, HttpStatus.CREATED, 'Signed in; `Set-Cookie: relay_session=…` carries the session.')
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.Unauthorized)
  async signIn(
    @Body() dto: SignInDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CurrentSessionResponse> {
    const { session, token } = await this.sessions.signIn(dto, { ip: request.ip, userAgent: request.headers['user-agent'] });
    reply.header('Set-Cookie', sessionCookie(token, this.config.sessions.maxAgeMs, request.protocol === 'https'));
    return session;
  }

  @Get('session')
  @BrowserSession()
  @RequirePermissions()
  @ApiOperation({
    operationId: 'getCurrentSession',
    summary: "The caller's session and its CSRF token (404 when a key authenticates the request)",
  })
  @ApiData(CurrentSessionResponse)
  @ApiErrors(ErrorCode.NotFound)
  async current(@CurrentPrincipal() principal: Principal, @Req() request: FastifyRequest): Promise<CurrentSessionResponse> {
    return this.sessions.current(principal, readSessionCookie(request.headers.cookie ?? ''));
  }

  @Delete('session')
  @BrowserSession()
  @RequirePermissions()
  @ApiOperation({
    operationId: 'signOut',
    summary: "Sign out: end the caller's session and drop its cookie (404 when a key authenticates the request)",
  })
  @ApiHeader({ name: 'X-CSRF-Token', required: false, description: 'Required with the session cookie.' })
  @ApiNoContent('Signed out; the cookie is cleared and the session answers 401 from now on.')
  @ApiErrors(ErrorCode.NotFound)
  async signOut(
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.sessions.revoke(principal, principal.sessionId);
    reply.header('Set-Cookie', clearedSessionCookie(request.protocol === 'https'));
  }

  @Get('sessions')
  @RequirePermissions()
  @ApiOperation({ operationId: 'listSessions', summary: "The open sessions of the caller's user" })
  @ApiPage(SessionResponse)
  @ApiErrors(ErrorCode.ValidationFailed)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListQueryDto): Promise<Page<SessionResponse>> {
    return (await this.sessions.list(principal, query)).map((session) => this.sessions.toResponse(session));
  }

  @Delete('sessions/:id')
  @BrowserSession()
  @RequirePermissions()
  @ApiOperation({ operationId: 'revokeSession', summary: "End one of the caller's user's sessions (another user's session id: 404)" })
  @ApiHeader({ name: 'X-CSRF-Token', required: false, description: 'Required with the session cookie.' })
  @ApiNoContent('Ended; that session answers 401 from now on.')
  @ApiErrors(ErrorCode.NotFound)
  async revoke(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.sessions.revoke(principal, id);
  }
}
