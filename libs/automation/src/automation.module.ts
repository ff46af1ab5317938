import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConversationsModule } from '@relay/conversations';
import { CustomersModule } from '@relay/customers';
import { EventsModule } from '@relay/events';
import { IdempotencyModule } from '@relay/idempotency';
import { NotificationChannelsModule } from '@relay/notifications';
import { TicketsModule } from '@relay/tickets';
import { UsersModule } from '@relay/users';
import { WebhooksModule } from '@relay/webhooks';
import { Rule } from './rule.entity';
import { RuleRun } from './runs/rule-run.entity';
import { RulesController } from './rules.controller';
import { RulesService } from './rules.service';
import { DryRunService } from './dry-run.service';

/** Contract §11: automation rules. */
@Module({
  imports: [
    IdempotencyModule,
    EventsModule,
    TicketsModule,
    CustomersModule,
    ConversationsModule,
    UsersModule,
    WebhooksModule,
    NotificationChannelsModule,
    TypeOrmModule.forFeature([Rule, RuleRun]),
  ],
  controllers: [RulesController],
  providers: [RulesService, DryRunService],
})
export class AutomationModule {}
