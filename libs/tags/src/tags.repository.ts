import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { Tag } from './tag.entity';

/**
 * The only code that touches the `tags` table. Other modules go through TagsService; the one
 * exception is `TAG_NAMES_JOIN`, the join the tickets module's hot read (a page's tag names, in
 * the same query as its links) takes: its SQL text lives here, with the table it reads.
 */
@Injectable()
export class TagsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** For reads outside any transaction. */
  get outside(): EntityManager {
    return this.dataSource.manager;
  }

  /** The workspace's tags, optionally the one with this name key, for the keyset paginator. */
  listQuery(workspaceId: string, nameKey: string | undefined): SelectQueryBuilder<Tag> {
    const qb = this.dataSource.manager.createQueryBuilder(Tag, 't').where('t.workspaceId = :ws', { ws: workspaceId });
    if (nameKey !== undefined) qb.andWhere('t.nameKey = :name', { name: nameKey });
    return qb;
  }

  find(manager: EntityManager, workspaceId: string, id: string): Promise<Tag | null> {
    return manager.findOneBy(Tag, { id, workspaceId });
  }

  findByNameKey(manager: EntityManager, workspaceId: string, nameKey: string): Promise<Tag | null> {
    return manager.findOneBy(Tag, { workspaceId, nameKey });
  }

  findByNameKeys(manager: EntityManager, workspaceId: string, nameKeys: string[]): Promise<Tag[]> {
    return manager.findBy(Tag, { workspaceId, nameKey: In(nameKeys) });
  }

  /** Only the id and ticket_count of the named tags: a listing picks its driving tag from them. */
  countsByNameKeys(workspaceId: string, nameKeys: string[]): Promise<Pick<Tag, 'id' | 'ticketCount'>[]> {
    return this.dataSource.manager.find(Tag, { select: { id: true, ticketCount: true }, where: { workspaceId, nameKey: In(nameKeys) } });
  }

  /** Insert-or-ignore: a concurrent insert of the same name leaves ours out without aborting the transaction. */
  async insertIfNew(manager: EntityManager, tags: Tag[]): Promise<void> {
    await manager.createQueryBuilder().insert().into(Tag).values(tags).orIgnore().execute();
  }

  exists(manager: EntityManager, id: string): Promise<boolean> {
    return manager.existsBy(Tag, { id });
  }

  async rename(manager: EntityManager, id: string, name: string, nameKey: string, updatedAt: Date): Promise<void> {
    await manager.update(Tag, { id }, { name, nameKey, updatedAt });
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.delete(Tag, { id });
  }

  /** PostgreSQL: fresh planner statistics after a bulk load. */
  async analyze(): Promise<void> {
    await this.dataSource.query('ANALYZE tags');
  }

  /** Adds `delta` to the ticket_count of each tag (distinct, non-empty), inside the caller's transaction. */
  async adjustCounts(manager: EntityManager, ids: string[], delta: number): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(Tag)
      .set({ ticketCount: () => `ticket_count + ${Math.trunc(delta)}` })
      .where({ id: In(ids) })
      .execute();
  }
}

/**
 * For a query over tag links: `INNER JOIN` the tag of `tagIdColumn` as `alias`, whose `name`
 * is the display name and `name_key` the case-insensitive sort key.
 */
export function tagNamesJoin(alias: string, tagIdColumn: string): string {
  return `INNER JOIN tags ${alias} ON ${alias}.id = ${tagIdColumn}`;
}
