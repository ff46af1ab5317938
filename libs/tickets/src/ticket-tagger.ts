import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { Tag, tagNameKey, TagsService } from '@relay/tags';
import { TaggedTicket, Ticket } from './ticket.entity';
import { TicketTag } from './ticket-tag.entity';

/**
 * The tags on tickets: reads the names for display, and links / unlinks tags inside the
 * caller's transaction, keeping `tags.ticket_count` right in that same transaction. Callers
 * hold the ticket's row lock (PostgreSQL), so two requests never link the same pair at once.
 */
@Injectable()
export class TicketTagger {
  constructor(private readonly tags: TagsService) {}

  /** The tickets with their tag names, sorted case-insensitively (one query for all of them). */
  async tagged(manager: EntityManager, tickets: Ticket[]): Promise<TaggedTicket[]> {
    if (!tickets.length) return [];
    const rows: { ticket_id: string; name: string }[] = await manager
      .createQueryBuilder()
      .select('tt.ticket_id', 'ticket_id')
      .addSelect('g.name', 'name')
      .from('ticket_tags', 'tt')
      .innerJoin('tags', 'g', 'g.id = tt.tag_id')
      .where('tt.ticket_id IN (:...ids)', { ids: tickets.map((ticket) => ticket.id) })
      .orderBy('g.name_key', 'ASC')
      .getRawMany();
    const names = new Map<string, string[]>();
    for (const row of rows) names.set(row.ticket_id, [...(names.get(row.ticket_id) ?? []), row.name]);
    return tickets.map((ticket) => ({ ticket, tags: names.get(ticket.id) ?? [] }));
  }

  async add(manager: EntityManager, ticket: Ticket, names: string[]): Promise<void> {
    const wanted = await this.tags.ensureTags(manager, ticket.workspaceId, names);
    const current = new Set(await this.currentIds(manager, ticket));
    await this.link(manager, ticket, wanted.map((tag) => tag.id).filter((id) => !current.has(id)));
  }

  /** Makes the ticket carry exactly these tags. */
  async replace(manager: EntityManager, ticket: Ticket, names: string[]): Promise<void> {
    const wanted = new Set((await this.tags.ensureTags(manager, ticket.workspaceId, names)).map((tag) => tag.id));
    const current = await this.currentIds(manager, ticket);
    await this.unlink(manager, ticket, current.filter((id) => !wanted.has(id)));
    await this.link(manager, ticket, [...wanted].filter((id) => !current.includes(id)));
  }

  /** Removes the tag with this name (case-insensitive) if the ticket carries it. */
  async remove(manager: EntityManager, ticket: Ticket, name: string): Promise<void> {
    const tag = await manager.findOneBy(Tag, { workspaceId: ticket.workspaceId, nameKey: tagNameKey(name) });
    if (tag) await this.unlink(manager, ticket, (await this.currentIds(manager, ticket)).filter((id) => id === tag.id));
  }

  /** Before a ticket is deleted: its links go by cascade, its counts must go down here. */
  async releaseAll(manager: EntityManager, ticket: Ticket): Promise<void> {
    await this.tags.adjustCounts(manager, await this.currentIds(manager, ticket), -1);
  }

  private async currentIds(manager: EntityManager, ticket: Ticket): Promise<string[]> {
    return (await manager.find(TicketTag, { select: { tagId: true }, where: { ticketId: ticket.id } })).map((link) => link.tagId);
  }

  private async link(manager: EntityManager, ticket: Ticket, tagIds: string[]): Promise<void> {
    if (!tagIds.length) return;
    await manager.insert(TicketTag, tagIds.map((tagId) => ({ ticketId: ticket.id, tagId, workspaceId: ticket.workspaceId })));
    await this.tags.adjustCounts(manager, tagIds, 1);
  }

  private async unlink(manager: EntityManager, ticket: Ticket, tagIds: string[]): Promise<void> {
    if (!tagIds.length) return;
    await manager.delete(TicketTag, { ticketId: ticket.id, tagId: In(tagIds) });
    await this.tags.adjustCounts(manager, tagIds, -1);
  }
}
