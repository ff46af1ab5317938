import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConversationsModule } from '@relay/conversations';
import { CustomersModule } from '@relay/customers';
import { EventsModule } from '@relay/events';
import { IdempotencyModule } from '@relay/idempotency';
import { NotificationChannelsModule } from '@relay/notifications';
import { TagsModule } from '@relay/tags';
import { TeamsModule } from '@relay/teams';
import { TicketsModule } from '@relay/tickets';
import { UsersModule } from '@relay/users';
import { WebhooksModule } from '@relay/webhooks';
import { Rule } from './rule.entity';
import { RuleRun } from './runs/rule-run.entity';
import { RulesController } from './rules.controller';
import { RulesService } from './rules.service';
import { DryRunService } from './dry-run.service';
import { EnabledRules } from './execution/enabled-rules';
import { RuleExecutor } from './execution/rule-executor';
import { RulesNamingTeams } from './execution/rules-naming-teams';

/** Contract §11: automation rules. */
@Module({
  imports: [
    IdempotencyModule,
    EventsModule,
    TicketsModule,
    CustomersModule,
    ConversationsModule,
    UsersModule,
    TeamsModule,
    TagsModule,
    WebhooksModule,
    NotificationChannelsModule,
    TypeOrmModule.forFeature([Rule, RuleRun]),
  ],
  controllers: [RulesController],
  providers: [RulesService, DryRunService, EnabledRules, RuleExecutor, RulesNamingTeams],
})
export class AutomationModule {}
