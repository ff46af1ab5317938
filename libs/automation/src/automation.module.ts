import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConversationsModule } from '@relay/conversations';
import { CustomersModule } from '@relay/customers';
import { EventsModule } from '@relay/events';
import { IdempotencyModule } from '@relay/idempotency';
import { JobHandlers, JobsModule } from '@relay/jobs';
import { NotificationChannelsModule } from '@relay/notifications';
import { TeamRulesPort, TeamsModule } from '@relay/teams';
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
import { TeamReferences } from './team-references';
import { MANUAL_RUN_JOB, ManualRunHandler } from './manual/manual-run.handler';
import { ManualRunsController } from './manual/manual-runs.controller';
import { ManualRunsService } from './manual/manual-runs.service';
import { ManualRuleExecution } from './manual/rule-executor.port';
import { EnabledRules } from './execution/enabled-rules';
import { RuleExecutor } from './execution/rule-executor';

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
    TeamReferences,
    ManualRuleExecution,
    ManualRunHandler,
    ManualRunsService,
    EnabledRules,
    RuleExecutor,
  ],
})
export class AutomationModule {
  /** Rules name teams (a team named by an enabled rule is not deleted); manual runs are jobs. */
  constructor(
    teamRules: TeamRulesPort,
    references: TeamReferences,
    jobs: JobHandlers,
    manualRuns: ManualRunHandler,
    manualExecution: ManualRuleExecution,
    executor: RuleExecutor,
  ) {
    teamRules.bind(references);
    manualExecution.bind(executor);
    jobs.register(MANUAL_RUN_JOB, manualRuns);
  }
}
