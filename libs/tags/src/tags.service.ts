import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { conflict, KeysetPaginator, newId, notFound, Page } from '@relay/common';
import { constraintViolation, TransactionRunner } from '@relay/database';
import type { Principal } from '@relay/auth';
import { ListTagsQuery } from './dto/list-tags.query';
import { Tag } from './tag.entity';
import { TaggedTicketsPort } from './tagged-tickets.port';
import { TagsRepository } from './tags.repository';
import { normaliseTagName, tagNameKey, validTagName } from './tag-name';

/**
 * Tags of a workspace. Tickets link to tags by id through ticket_tags (owned by the tickets
 * module, which keeps `ticket_count` right through adjustCounts in the same transaction, and
 * implements TaggedTickets for what a rename or delete does to the tickets carrying a tag).
 */
@Injectable()
export class TagsService {
  constructor(
    private readonly tags: TagsRepository,
    private readonly tx: TransactionRunner,
    private readonly paginator: KeysetPaginator,
    private readonly tickets: TaggedTicketsPort,
  ) {}

  normaliseName(name: string): string {
    return normaliseTagName(name);
  }

  list(principal: Principal, query: ListTagsQuery): Promise<Page<Tag>> {
    const name = query.name === undefined ? undefined : tagNameKey(query.name);
    return this.paginator.paginate(this.tags.listQuery(principal.workspaceId, name), query, 'tags', { name });
  }

  async get(principal: Principal, id: string): Promise<Tag> {
    return this.requireInWorkspace(this.tags.outside, principal.workspaceId, id);
  }

  create(principal: Principal, name: string): Promise<Tag> {
    const workspaceId = principal.workspaceId;
    return this.tx.run(async (manager) => {
      await this.assertNameFree(manager, workspaceId, name);
      const tag = this.build(workspaceId, validTagName(name, 'name'));
      await this.tags.insertIfNew(manager, [tag]);
      if (await this.tags.exists(manager, tag.id)) return tag;
      await this.assertNameFree(manager, workspaceId, name);
      throw nameTaken();
    });
  }

  /** Renames a tag; every ticket carrying it shows the new name (and counts as updated). */
  rename(principal: Principal, id: string, name: string): Promise<Tag> {
    const workspaceId = principal.workspaceId;
    return this.guardUnique(workspaceId, name, () =>
      this.tx.run(async (manager) => {
        const tag = await this.requireInWorkspace(manager, workspaceId, id);
        const normalised = validTagName(name, 'name');
        if (normalised === tag.name) return tag;
        await this.assertNameFree(manager, workspaceId, normalised, tag.id);
        const now = new Date();
        await this.tags.rename(manager, tag.id, normalised, tagNameKey(normalised), now);
        await this.tickets.owner.touchCarrying(manager, tag.id, now);
        return Object.assign(tag, { name: normalised, nameKey: tagNameKey(normalised), updatedAt: now });
      }),
    );
  }

  /** Deletes a tag; ticket_tags rows go with it (ON DELETE CASCADE), so it leaves every ticket. */
  async remove(principal: Principal, id: string): Promise<void> {
    await this.tx.run(async (manager) => {
      const tag = await this.requireInWorkspace(manager, principal.workspaceId, id);
      await this.tickets.owner.touchCarrying(manager, tag.id, new Date());
      await this.tags.delete(manager, tag.id);
    });
  }

  /**
   * The tags with these names, created if unknown, inside the caller's transaction: normalised,
   * de-duplicated case-insensitively, in input order. Insert-or-ignore lets concurrent callers
   * create the same new tag without either failing. Bad names → 400 on field `tags`.
   */
  async ensureTags(manager: EntityManager, workspaceId: string, names: string[]): Promise<Tag[]> {
    const byKey = new Map<string, string>();
    for (const raw of names) {
      const name = validTagName(raw, 'tags');
      if (!byKey.has(name.toLowerCase())) byKey.set(name.toLowerCase(), name);
    }
    if (!byKey.size) return [];
    const keys = [...byKey.keys()];
    const found = await this.tags.findByNameKeys(manager, workspaceId, keys);
    const known = new Set(found.map((tag) => tag.nameKey));
    const missing = keys.filter((key) => !known.has(key)).map((key) => this.build(workspaceId, byKey.get(key)!));
    if (missing.length) {
      await this.tags.insertIfNew(manager, missing);
      found.push(
        ...(await this.tags.findByNameKeys(
          manager,
          workspaceId,
          missing.map((tag) => tag.nameKey),
        )),
      );
    }
    const byNameKey = new Map(found.map((tag) => [tag.nameKey, tag]));
    return keys.map((key) => byNameKey.get(key)!);
  }

  /** Adds `delta` to the ticket_count of each tag, inside the caller's transaction. */
  async adjustCounts(manager: EntityManager, tagIds: string[], delta: number): Promise<void> {
    const ids = [...new Set(tagIds)];
    if (!ids.length || delta === 0) return;
    await this.tags.adjustCounts(manager, ids, delta);
  }

  /** PostgreSQL: fresh planner statistics after a bulk load of tagged tickets. */
  analyze(): Promise<void> {
    return this.tags.analyze();
  }

  /** The tag with this name (case-insensitive) in the workspace, or null. */
  findByName(manager: EntityManager, workspaceId: string, name: string): Promise<Tag | null> {
    return this.tags.findByNameKey(manager, workspaceId, tagNameKey(name));
  }

  /** The id and ticket_count of each tag named (by name key) that exists: a listing's driving-tag choice. */
  countsByNameKeys(workspaceId: string, nameKeys: string[]): Promise<Pick<Tag, 'id' | 'ticketCount'>[]> {
    return this.tags.countsByNameKeys(workspaceId, nameKeys);
  }

  private async requireInWorkspace(manager: EntityManager, workspaceId: string, id: string): Promise<Tag> {
    const tag = await this.tags.find(manager, workspaceId, id);
    if (!tag) throw notFound('tag');
    return tag;
  }

  private build(workspaceId: string, name: string): Tag {
    const now = new Date();
    return Object.assign(new Tag(), {
      id: newId('tag'),
      workspaceId,
      name,
      nameKey: name.toLowerCase(),
      ticketCount: 0,
      createdAt: now,
      updatedAt: now,
    });
  }

  private async assertNameFree(manager: EntityManager, workspaceId: string, name: string, exceptId?: string): Promise<void> {
    const holder = await this.tags.findByNameKey(manager, workspaceId, tagNameKey(name));
    if (holder && holder.id !== exceptId) {
      throw nameTaken(holder.id);
    }
  }

  /** A concurrent rename took the name between our check and our write: still a 409. */
  private async guardUnique<T>(workspaceId: string, name: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (constraintViolation(error) !== 'unique') throw error;
      await this.assertNameFree(this.tags.outside, workspaceId, name);
      throw nameTaken();
    }
  }
}

function nameTaken(existingId?: string) {
  return conflict('a tag with this name already exists', [
    { field: 'name', message: 'already taken', ...(existingId && { existing_id: existingId }) },
  ]);
}
