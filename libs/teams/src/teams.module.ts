import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '@relay/events';
import { IdempotencyModule } from '@relay/idempotency';
import { UsersModule, UserTeamsPort } from '@relay/users';
import { Team, TeamAssignmentState, TeamMember } from './team.entity';
import { TeamRulesPort, TeamTicketsPort } from './team-tickets.port';
import { TeamsController } from './teams.controller';
import { TeamsRepository } from './teams.repository';
import { TeamsService } from './teams.service';
import { TeamAssigner } from './team-assigner';
import { TeamTurnQueue } from './team-turn-queue';

/** Teams and membership (contract §10); the tickets module builds on it and binds TeamTicketsPort. */
@Module({
  imports: [IdempotencyModule, TypeOrmModule.forFeature([Team, TeamMember, TeamAssignmentState]), EventsModule, UsersModule],
  controllers: [TeamsController],
  providers: [TeamsService, TeamsRepository, TeamTicketsPort, TeamRulesPort, TeamAssigner, TeamTurnQueue],
  exports: [TeamsService, TeamTicketsPort, TeamRulesPort, TeamAssigner, TeamTurnQueue],
})
export class TeamsModule {
  /** Teams own the membership behind users' `team_ids`. */
  constructor(teams: TeamsService, userTeams: UserTeamsPort) {
    userTeams.bind(teams);
  }
}
