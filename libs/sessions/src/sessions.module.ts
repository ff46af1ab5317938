import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule, SESSION_RESOLVER } from '@relay/auth';
import { EventsModule } from '@relay/events';
import { IdempotencyModule } from '@relay/idempotency';
import { UsersModule } from '@relay/users';
import { InvitesController } from './invites.controller';
import { InvitesService } from './invites.service';
import { SessionAuthenticator } from './session-authenticator';
import { SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';
import { UserInvite } from './user-invite.entity';
import { UserSession } from './user-session.entity';

/** People sign in (contract §13): passwords, invites, browser sessions and the resolver ApiKeyGuard asks for cookies. */
@Module({
  imports: [TypeOrmModule.forFeature([UserSession, UserInvite]), UsersModule, EventsModule, IdempotencyModule, AuthModule],
  controllers: [SessionsController, InvitesController],
  providers: [SessionsService, InvitesService, { provide: SESSION_RESOLVER, useClass: SessionAuthenticator }],
  exports: [SessionsService, InvitesService, SESSION_RESOLVER],
})
export class SessionsModule {}
