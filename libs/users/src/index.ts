export * from './users.module';
export * from './users.service';
export * from './user.entity';
export * from './user.mapper';
export * from './dto/create-user.dto';
export * from './dto/user.response';
export * from './user-teams.port';
