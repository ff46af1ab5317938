import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConversationsModule } from '@relay/conversations';
import { CustomersModule } from '@relay/customers';
import { EventsModule } from '@relay/events';
import { IdempotencyModule } from '@relay/idempotency';
import { JobHandlers, JobsModule } from '@relay/jobs';
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
import { RuleRunsController } from './runs/rule-runs.controller';
import { RuleRunsRepository } from './runs/rule-runs.repository';
import { RuleRunsService } from './runs/rule-runs.service';
import { RunLogRetention } from './runs/run-log-retention';
import { MANUAL_RUN_JOB, ManualRunHandler } from './manual/manual-run.handler';
import { ManualRunsController } from './manual/manual-runs.controller';
import { ManualRunsService } from './manual/manual-runs.service';
import { EnabledRules } from './execution/enabled-rules';
import { RuleExecutor } from './execution/rule-executor';
import { RulesNamingTeams } from './execution/rules-naming-teams';

/** Contract §11: automation rules. */
@Module({
  imports: [
    IdempotencyModule,
    EventsModule,
    JobsModule,
    TeamsModule,
    TicketsModule,
    CustomersModule,
    ConversationsModule,
    UsersModule,
    TagsModule,
    WebhooksModule,
    NotificationChannelsModule,
    TypeOrmModule.forFeature([Rule, RuleRun]),
  ],
  controllers: [RulesController, RuleRunsController, ManualRunsController],
  providers: [
    RulesService,
    DryRunService,
    RuleRunsRepository,
    RuleRunsService,
    RunLogRetention,
    ManualRunHandler,
    ManualRunsService,
    EnabledRules,
    RuleExecutor,
    RulesNamingTeams,
  ],
})
export class AutomationModule {
  /** Manual runs are jobs, whose tickets the rules' executor handles. */
  constructor(jobs: JobHandlers, manualRuns: ManualRunHandler) {
    jobs.register(MANUAL_RUN_JOB, manualRuns);
  }
}
