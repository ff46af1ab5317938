export * from './teams.module';
export * from './teams.service';
export * from './team.entity';
export * from './team.mapper';
export * from './team-tickets.port';
export * from './team-assigner';
export * from './dto/team.response';
