export * from './conversations.module';
export * from './conversations.service';
export * from './conversation-bulk-writer';
export * from './conversation.entity';
export * from './conversation.mapper';
export * from './dto/conversation.response';
export * from './conversation.enums';
export * from './conversation-writer';
