import { Body, Controller, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, NoKey, RequirePermissions } from '@relay/auth';
import type { Principal } from '@relay/auth';
import { BrowserSession } from './browser-session.decorator';
import { ApiData, ApiErrors, ApiNoContent, ErrorCode } from '@relay/common';
import { Idempotent, NeverStoredForReplay } from '@relay/idempotency';
import { InviteResponse } from './dto/invite.response';
import { SetPasswordDto } from './dto/set-password.dto';
import { InvitesService } from './invites.service';

@ApiTags('Sessions')
@Controller()
export class InvitesController {
  constructor(private readonly invites: InvitesService) {}

  @Post('users/:id/invite')
  @Idempotent()
  @RequirePermissions('users:write')
  @ApiOperation({
    operationId: 'inviteUser',
    summary: 'Create a one-time link where the user sets a password (admin)',
    description:
      'The link `/app/invite/<token>` works once, for 7 days; a new invite replaces the previous one. Only a hash of the token is stored.',
  })
  @ApiData(InviteResponse, HttpStatus.CREATED)
  @ApiErrors(ErrorCode.NotFound)
  @NeverStoredForReplay('url')
  invite(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<InviteResponse> {
    return this.invites.invite(principal, id);
  }

  @Post('auth/invites/:token')
  // Without a key nothing is stored for replay; bound so the header is read the same on every POST.
  @Idempotent()
  @BrowserSession()
  @NoKey()
  @ApiOperation({
    operationId: 'acceptInvite',
    summary: 'Set a password with an invite link (no key)',
    description:
      "Sets the invited user's password (12–256 characters) and uses the link up: an unknown, used or expired link answers 404. Every session of the user ends.",
  })
  @ApiNoContent('Password set; sign in with POST /auth/sessions.')
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.NotFound)
  async accept(@Param('token') token: string, @Body() dto: SetPasswordDto): Promise<void> {
    await this.invites.accept(token, dto.password);
  }
}
