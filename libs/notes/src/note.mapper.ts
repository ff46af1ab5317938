import { iso } from '@relay/common';
import { Note } from './note.entity';
import { NoteResponse } from './dto/note.response';

export function toNoteResponse(note: Note): NoteResponse {
  return { id: note.id, body: note.body, created_at: iso(note.createdAt), updated_at: iso(note.updatedAt) };
}
