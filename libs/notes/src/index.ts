export * from './notes.module';
export * from './notes.service';
export * from './dto/note.response';
