export * from './sessions.module';
export * from './sessions.service';
export * from './invites.service';
export * from './dto/invite.response';
