import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '@relay/events';
import { IdempotencyModule } from '@relay/idempotency';
import { NotificationChannelsModule } from '@relay/notifications';
import { UsersModule } from '@relay/users';
import { WebhooksModule } from '@relay/webhooks';
import { Rule } from './rule.entity';
import { RulesController } from './rules.controller';
import { RulesService } from './rules.service';

/** Contract §11: automation rules. */
@Module({
  imports: [IdempotencyModule, EventsModule, UsersModule, WebhooksModule, NotificationChannelsModule, TypeOrmModule.forFeature([Rule])],
  controllers: [RulesController],
  providers: [RulesService],
})
export class AutomationModule {}
