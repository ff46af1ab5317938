export * from './users.module';
export * from './users.service';
export * from './user.entity';
export * from './user.mapper';
export * from './dto/user.response';
