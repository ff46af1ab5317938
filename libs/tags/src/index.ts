export * from './tags.module';
export * from './tags.service';
export * from './tag.entity';
export * from './tag.mapper';
export * from './tag-name';
export * from './dto/tag.response';
export * from './tagged-tickets.port';
export { tagNamesJoin } from './tags.repository';
