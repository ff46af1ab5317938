import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { TransactionRunner } from '@relay/database';

/** A ticket's document rowid and text, as migration TicketSearchDocuments defines them (alias t). */
export const DOCUMENT_KEY = '(((t.created_at >> 12) << 32) | t.rowid)';
const DOCUMENT_TEXT =
  "t.subject || char(10) || coalesce((SELECT group_concat(c.body, char(10)) FROM conversations c WHERE c.ticket_id = t.id), '')";
/** A ticket's facet terms, as migration TicketSearchFacets defines them (ftsQuery and tagTerm match them). */
const DOCUMENT_FACETS =
  "'s' || t.status || ' p' || t.priority || coalesce((SELECT group_concat(' t' || lower(hex(tt.tag_id)), '') FROM ticket_tags tt WHERE tt.ticket_id = t.id), '')";
/** The low 32 bits of a `ticket_search` rowid: the ticket's rowid (migration TicketSearchDocuments). */
export const TICKET_ROWID_MASK = 4294967295;

/**
 * SQLite: rewrites the search documents noted in `ticket_search_pending` (migration
 * TicketSearchPending) at the end of every group commit, in the group's transaction, so the
 * index changes once per transaction instead of once per request. Registered in every process
 * that writes (API, worker, CLI).
 */
@Injectable()
export class TicketSearchRewriter implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
  ) {}

  onModuleInit(): void {
    if (!this.tx.isPostgres) this.tx.beforeGroupCommit((manager) => this.rewrite(manager));
  }

  /**
   * Before a search: documents noted by a write that did not go through a TransactionRunner (a
   * script's raw SQL, the sqlite3 shell) are rewritten now, so no search misses them.
   */
  async catchUp(): Promise<void> {
    if (this.tx.isPostgres) return;
    // From a unit's code (its group open) the rewrite comes at that group's commit anyway.
    const { value: noted, settled } = await this.tx.settledRead(() => this.noted(this.dataSource.manager));
    if (settled && noted !== null) await this.tx.run(async () => undefined);
  }

  private async rewrite(manager: EntityManager): Promise<void> {
    const noted = await this.noted(manager);
    if (noted === null) return;
    // Deletes first, and only for documents that may be indexed already (a group of creates has
    // none): FTS5 writes out its pending terms at each delete, so the inserts that follow gather
    // into one segment.
    if (noted.mayBeIndexed)
      await this.tx.query(manager, 'DELETE FROM ticket_search WHERE rowid IN (SELECT doc FROM ticket_search_pending WHERE indexed = 1)');
    await this.tx.query(
      manager,
      `INSERT INTO ticket_search (rowid, ws, body, f) SELECT p.doc, t.workspace_id, ${DOCUMENT_TEXT}, ${DOCUMENT_FACETS} ` +
        // CROSS JOIN: the few noted documents drive, each finding its ticket by rowid (a plain join
        // let the planner scan every ticket for the one condition naming both).
        `FROM ticket_search_pending p CROSS JOIN tickets t ON t.rowid = p.doc & ${TICKET_ROWID_MASK} WHERE ${DOCUMENT_KEY} = p.doc`,
    );
    await this.tx.query(manager, 'DELETE FROM ticket_search_pending');
  }

  /** Null when no document is noted; else whether any noted one may be in the index already. */
  private async noted(manager: EntityManager): Promise<{ mayBeIndexed: boolean } | null> {
    const [row] = await this.tx.query<{ indexed: number | null }>(manager, 'SELECT max(indexed) AS indexed FROM ticket_search_pending');
    return row.indexed === null ? null : { mayBeIndexed: row.indexed === 1 };
  }
}
