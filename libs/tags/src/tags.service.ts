import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { conflict, KeysetPaginator, newId, notFound, Page } from '@relay/common';
import { constraintViolation, TransactionRunner } from '@relay/database';
import type { Principal } from '@relay/auth';
import { ListTagsQuery } from './dto/list-tags.query';
import { Tag } from './tag.entity';
import { normaliseTagName, tagNameKey, validTagName } from './tag-name';

/**
 * Tags of a workspace. Tickets link to tags by id through ticket_tags (written by the tickets
 * module, which keeps `ticket_count` right through adjustCounts in the same transaction).
 */
@Injectable()
export class TagsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly paginator: KeysetPaginator,
  ) {}

  normaliseName(name: string): string {
    return normaliseTagName(name);
  }

  list(principal: Principal, query: ListTagsQuery): Promise<Page<Tag>> {
    const qb = this.dataSource.manager.createQueryBuilder(Tag, 't').where('t.workspaceId = :ws', { ws: principal.workspaceId });
    const name = query.name === undefined ? undefined : tagNameKey(query.name);
    if (name !== undefined) qb.andWhere('t.nameKey = :name', { name });
    return this.paginator.paginate(qb, query, 'tags', { name });
  }

  async get(principal: Principal, id: string): Promise<Tag> {
    const tag = await this.dataSource.manager.findOneBy(Tag, { id, workspaceId: principal.workspaceId });
    if (!tag) throw notFound('tag');
    return tag;
  }

  create(principal: Principal, name: string): Promise<Tag> {
    const workspaceId = principal.workspaceId;
    return this.tx.run(async (manager) => {
      await this.assertNameFree(manager, workspaceId, name);
      const tag = this.build(workspaceId, validTagName(name, 'name'));
      // Insert-or-ignore: a concurrent create of the same name leaves ours out without aborting.
      await manager.createQueryBuilder().insert().into(Tag).values(tag).orIgnore().execute();
      if (await manager.existsBy(Tag, { id: tag.id })) return tag;
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
        await manager.update(Tag, { id: tag.id }, { name: normalised, nameKey: tagNameKey(normalised), updatedAt: now });
        await this.touchTickets(manager, tag.id, now);
        return Object.assign(tag, { name: normalised, nameKey: tagNameKey(normalised), updatedAt: now });
      }),
    );
  }

  /** Deletes a tag; ticket_tags rows go with it (ON DELETE CASCADE), so it leaves every ticket. */
  async remove(principal: Principal, id: string): Promise<void> {
    await this.tx.run(async (manager) => {
      const tag = await this.requireInWorkspace(manager, principal.workspaceId, id);
      await this.touchTickets(manager, tag.id, new Date());
      await manager.delete(Tag, { id: tag.id });
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
    const found = await manager.findBy(Tag, { workspaceId, nameKey: In(keys) });
    const known = new Set(found.map((tag) => tag.nameKey));
    const missing = keys.filter((key) => !known.has(key)).map((key) => this.build(workspaceId, byKey.get(key)!));
    if (missing.length) {
      await manager.createQueryBuilder().insert().into(Tag).values(missing).orIgnore().execute();
      found.push(...(await manager.findBy(Tag, { workspaceId, nameKey: In(missing.map((tag) => tag.nameKey)) })));
    }
    const byNameKey = new Map(found.map((tag) => [tag.nameKey, tag]));
    return keys.map((key) => byNameKey.get(key)!);
  }

  /** Adds `delta` to the ticket_count of each tag, inside the caller's transaction. */
  async adjustCounts(manager: EntityManager, tagIds: string[], delta: number): Promise<void> {
    const ids = [...new Set(tagIds)];
    if (!ids.length || delta === 0) return;
    await manager
      .createQueryBuilder()
      .update(Tag)
      .set({ ticketCount: () => `ticket_count + ${Math.trunc(delta)}` })
      .where({ id: In(ids) })
      .execute();
  }

  private async requireInWorkspace(manager: EntityManager, workspaceId: string, id: string): Promise<Tag> {
    const tag = await manager.findOneBy(Tag, { id, workspaceId });
    if (!tag) throw notFound('tag');
    return tag;
  }

  private build(workspaceId: string, name: string): Tag {
    const now = new Date();
    return Object.assign(new Tag(), { id: newId('tag'), workspaceId, name, nameKey: name.toLowerCase(), ticketCount: 0, createdAt: now, updatedAt: now });
  }

  private async assertNameFree(manager: EntityManager, workspaceId: string, name: string, exceptId?: string): Promise<void> {
    const holder = await manager.findOneBy(Tag, { workspaceId, nameKey: tagNameKey(name) });
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
      await this.assertNameFree(this.dataSource.manager, workspaceId, name);
      throw nameTaken();
    }
  }

  /** Tickets carrying the tag changed as seen through the API: `updated_after` syncs must see them. */
  private async touchTickets(manager: EntityManager, tagId: string, now: Date): Promise<void> {
    await manager.query(
      this.tx.isPostgres
        ? 'UPDATE tickets SET updated_at = $1 WHERE id IN (SELECT ticket_id FROM ticket_tags WHERE tag_id = $2)'
        : 'UPDATE tickets SET updated_at = ? WHERE id IN (SELECT ticket_id FROM ticket_tags WHERE tag_id = ?)',
      [now.getTime(), tagId],
    );
  }
}

function nameTaken(existingId?: string) {
  return conflict('a tag with this name already exists', [{ field: 'name', message: 'already taken', ...(existingId && { existing_id: existingId }) }]);
}
