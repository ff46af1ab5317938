import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { KeysetPaginator, newId, notFound, Page } from '@relay/common';
import type { Principal } from '@relay/auth';
import { TransactionRunner } from '@relay/database';
import { EventOutbox } from '@relay/events';
import { ListNotesQuery } from './dto/list-notes.query';
import { Note } from './note.entity';
import { noteEvents } from './note.events';
import { toNoteResponse } from './note.mapper';

@Injectable()
export class NotesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly outbox: EventOutbox,
    private readonly paginator: KeysetPaginator,
  ) {}

  create(principal: Principal, body: string): Promise<Note> {
    return this.tx.run(async (manager) => {
      const now = new Date();
      const note = Object.assign(new Note(), { id: newId('note'), workspaceId: principal.workspaceId, body, createdAt: now, updatedAt: now });
      await manager.insert(Note, note);
      await noteEvents.created(this.outbox, manager, note.workspaceId, toNoteResponse(note));
      return note;
    });
  }

  async get(principal: Principal, id: string): Promise<Note> {
    const note = await this.dataSource.manager.findOneBy(Note, { id, workspaceId: principal.workspaceId });
    if (!note) throw notFound('note');
    return note;
  }

  list(principal: Principal, query: ListNotesQuery): Promise<Page<Note>> {
    const qb = this.dataSource.manager.createQueryBuilder(Note, 'n').where('n.workspaceId = :ws', { ws: principal.workspaceId });
    return this.paginator.paginate(qb, query, 'notes', {});
  }

  remove(principal: Principal, id: string): Promise<void> {
    return this.tx.run(async (manager) => {
      const { affected } = await manager.delete(Note, { id, workspaceId: principal.workspaceId });
      if (!affected) throw notFound('note');
    });
  }
}
