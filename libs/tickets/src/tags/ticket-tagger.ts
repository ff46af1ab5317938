import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { validationFailed } from '@relay/common';
import { TransactionRunner } from '@relay/database';
import { tagNamesJoin, TagsService } from '@relay/tags';
import { TaggedTicket, Ticket } from '../ticket.entity';
import { TicketTag } from './ticket-tag.entity';
import { MAX_TAGS_PER_TICKET } from '../dto/create-ticket.dto';

const TAG_NAMES = `SELECT tt.ticket_id, g.name FROM ticket_tags tt ${tagNamesJoin('g', 'tt.tag_id')}`;
interface TagName {
  ticket_id: string;
  name: string;
}

/**
 * The tags on tickets: reads the names for display, and links / unlinks tags inside the
 * caller's transaction. The counts that follow the links (`tags.ticket_count` among them) are
 * brought up to date once, at the end of the transaction, by TicketCounts.settle. Callers hold
 * the ticket's row lock (PostgreSQL), so two requests never link the same pair at once.
 */
@Injectable()
export class TicketTagger {
  private findTaggedText?: string;

  constructor(
    private readonly tags: TagsService,
    private readonly tx: TransactionRunner,
  ) {}

  /**
   * The tickets with their tag names, sorted case-insensitively: one query for all of them, with
   * the ids bound as one array parameter so the statement text (and the prepared statement) is
   * the same whatever the page size.
   */
  tagged(manager: EntityManager, tickets: Ticket[]): Promise<TaggedTicket[]> {
    return this.named(tickets, (sql, params) => this.tx.query<TagName>(manager, sql, params));
  }

  /**
   * `tagged` for a heavy read outside any unit (an export's batches of 1,000): the names are read
   * off the event loop (TransactionRunner.read); on the main connection they took a third of an
   * export's event-loop time at 1M.
   */
  taggedRead(tickets: Ticket[]): Promise<TaggedTicket[]> {
    return this.named(tickets, (sql, params) => this.tx.read<TagName>(sql, params));
  }

  private async named(tickets: Ticket[], read: (sql: string, params: unknown[]) => Promise<TagName[]>): Promise<TaggedTicket[]> {
    if (!tickets.length) return [];
    const ids = tickets.map((ticket) => ticket.id);
    const rows = this.tx.isPostgres
      ? await read(`${TAG_NAMES} WHERE tt.ticket_id = ANY(?) ORDER BY g.name_key`, [ids])
      : await read(`${TAG_NAMES} WHERE tt.ticket_id IN (SELECT value FROM json_each(?)) ORDER BY g.name_key`, [JSON.stringify(ids)]);
    const names = new Map<string, string[]>();
    for (const row of rows) {
      const list = names.get(row.ticket_id);
      if (list) list.push(row.name);
      else names.set(row.ticket_id, [row.name]);
    }
    return tickets.map((ticket) => ({ ticket, tags: names.get(ticket.id) ?? [] }));
  }

  /**
   * The workspace's ticket `id` with its tag names, or null. PostgreSQL reads both in one
   * statement (a round trip is most of what a lookup costs there); SQLite, where a statement
   * costs no trip, keeps the two it shares with `tagged`.
   */
  async findTagged(manager: EntityManager, workspaceId: string, id: string): Promise<TaggedTicket | null> {
    if (!this.tx.isPostgres) {
      const [ticket] = await this.tx.select(manager, Ticket, 'id = ? AND workspace_id = ?', [id, workspaceId]);
      return ticket ? (await this.tagged(manager, [ticket]))[0] : null;
    }
    this.findTaggedText ??=
      `SELECT ${this.tx.columns(Ticket, 't')}, ARRAY(SELECT g.name FROM ticket_tags tt ${tagNamesJoin('g', 'tt.tag_id')} ` +
      'WHERE tt.ticket_id = t.id ORDER BY g.name_key) AS tag_names FROM tickets t WHERE t.id = ? AND t.workspace_id = ?';
    const [row] = await this.tx.query<Record<string, unknown> & { tag_names: string[] }>(manager, this.findTaggedText, [id, workspaceId]);
    return row ? { ticket: this.tx.hydrate(Ticket, row), tags: row.tag_names } : null;
  }

  async add(manager: EntityManager, ticket: Ticket, names: string[]): Promise<void> {
    const wanted = await this.tags.ensureTags(manager, ticket.workspaceId, names);
    const current = new Set(await this.currentIds(manager, ticket));
    const added = wanted.map((tag) => tag.id).filter((id) => !current.has(id));
    assertWithinCap(current.size + added.length);
    await this.link(manager, ticket, added);
  }

  /** Makes the ticket carry exactly these tags. */
  async replace(manager: EntityManager, ticket: Ticket, names: string[]): Promise<void> {
    const wanted = new Set((await this.tags.ensureTags(manager, ticket.workspaceId, names)).map((tag) => tag.id));
    assertWithinCap(wanted.size);
    const current = await this.currentIds(manager, ticket);
    await this.unlink(
      manager,
      ticket,
      current.filter((id) => !wanted.has(id)),
    );
    await this.link(
      manager,
      ticket,
      [...wanted].filter((id) => !current.includes(id)),
    );
  }

  /** Removes the tag with this name (case-insensitive) if the ticket carries it. */
  async remove(manager: EntityManager, ticket: Ticket, name: string): Promise<void> {
    const tag = await this.tags.findByName(manager, ticket.workspaceId, name);
    if (tag)
      await this.unlink(
        manager,
        ticket,
        (await this.currentIds(manager, ticket)).filter((id) => id === tag.id),
      );
  }

  private async currentIds(manager: EntityManager, ticket: Ticket): Promise<string[]> {
    return (await manager.find(TicketTag, { select: { tagId: true }, where: { ticketId: ticket.id } })).map((link) => link.tagId);
  }

  private async link(manager: EntityManager, ticket: Ticket, tagIds: string[]): Promise<void> {
    if (!tagIds.length) return;
    await manager.insert(
      TicketTag,
      tagIds.map((tagId) => ({
        ticketId: ticket.id,
        tagId,
        workspaceId: ticket.workspaceId,
        status: ticket.status,
        createdAt: ticket.createdAt,
        priority: ticket.priority,
        updatedAt: ticket.updatedAt,
      })),
    );
  }

  private async unlink(manager: EntityManager, ticket: Ticket, tagIds: string[]): Promise<void> {
    if (!tagIds.length) return;
    await manager.delete(TicketTag, { ticketId: ticket.id, tagId: In(tagIds) });
  }
}

function assertWithinCap(count: number): void {
  if (count > MAX_TAGS_PER_TICKET)
    throw validationFailed('tags', `a ticket carries at most ${MAX_TAGS_PER_TICKET} tags; this change would give it ${count}`);
}
