import { Module } from '@nestjs/common';
import { TicketsModule } from '@relay/tickets';
import { UsersModule } from '@relay/users';
import { TeamsModule } from '@relay/teams';
import { AnalyticsController } from './analytics.controller';
import { AnalyticsService } from './analytics.service';

@Module({
  imports: [TicketsModule, UsersModule, TeamsModule],
  controllers: [AnalyticsController],
  providers: [AnalyticsService],
  exports: [AnalyticsService],
})
export class AnalyticsModule {}
