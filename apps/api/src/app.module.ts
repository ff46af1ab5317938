import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { AllExceptionsFilter, RejectUnstorableTextPipe, RelayConfigModule, RelayValidationPipe } from '@relay/common';
import { DatabaseModule } from '@relay/database';
import { AUTH_GUARDS, AuthModule } from '@relay/auth';
import { ApiKeysModule } from '@relay/api-keys';
import { UsersModule } from '@relay/users';
import { FirstStartModule, WorkspacesModule } from '@relay/workspaces';
import { HealthModule } from '@relay/health';
import { CustomersModule } from '@relay/customers';
import { TagsModule } from '@relay/tags';
import { TeamsModule } from '@relay/teams';
import { TicketsModule } from '@relay/tickets';
import { ConversationsModule } from '@relay/conversations';
import { AnalyticsModule } from '@relay/analytics';
import { EventsModule } from '@relay/events';
import { WebhooksModule } from '@relay/webhooks';
import { IdempotencyModule } from '@relay/idempotency';
import { NotificationChannelsModule } from '@relay/notifications';
import { AutomationModule } from '@relay/automation';
import { SessionsModule } from '@relay/sessions';
import { LoggingModule } from './logging.module';

/** Composes the libs into the HTTP API. No business logic lives here. */
@Module({
  imports: [
    RelayConfigModule,
    LoggingModule,
    DatabaseModule,
    AuthModule,
    HealthModule,
    UsersModule,
    ApiKeysModule,
    WorkspacesModule,
    FirstStartModule,
    CustomersModule,
    TagsModule,
    TeamsModule,
    TicketsModule,
    ConversationsModule,
    AnalyticsModule,
    EventsModule,
    WebhooksModule,
    NotificationChannelsModule,
    AutomationModule,
    SessionsModule,
    IdempotencyModule,
  ],
  providers: [
    ...AUTH_GUARDS.map((guard) => ({ provide: APP_GUARD, useClass: guard })),
    // Every route, not only tickets': NUL and lone surrogates are a 500 on PostgreSQL otherwise.
    { provide: APP_PIPE, useClass: RejectUnstorableTextPipe },
    { provide: APP_PIPE, useClass: RelayValidationPipe },
    // No global interceptors: the envelope is applied by the Fastify adapter and idempotency is
    // bound to POST handlers (@Idempotent()), so a GET never enters Nest's rxjs pipeline.
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
  ],
})
export class AppModule {}
