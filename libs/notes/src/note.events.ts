import { EntityManager } from 'typeorm';
import { EventOutbox } from '@relay/events';
import { NoteResponse } from './dto/note.response';

declare module '@relay/events' {
  interface EventPayloads {
    'note.created': NoteResponse;
  }
}

export const noteEvents = {
  created: (outbox: EventOutbox, manager: EntityManager, workspaceId: string, note: NoteResponse) =>
    outbox.append(manager, { workspaceId, type: 'note.created', data: note }),
};
