import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { KeysetPaginator, Page } from '@relay/common';
import type { Principal } from '@relay/auth';
import { EventRecord } from './event.entity';
import { ListEventsQuery } from './dto/list-events.query';

/** The workspace's event log, so a client that was down can catch up on what webhooks sent. */
@Injectable()
export class EventsService {
  constructor(
    @InjectRepository(EventRecord) private readonly events: Repository<EventRecord>,
    private readonly paginator: KeysetPaginator,
  ) {}

  list(principal: Principal, query: ListEventsQuery): Promise<Page<EventRecord>> {
    const qb = this.events
      .createQueryBuilder('e')
      .where('e.workspaceId = :ws', { ws: principal.workspaceId })
      // A test ping is addressed to one endpoint; it is not part of the workspace's history.
      .andWhere("e.type <> 'ping'");
    if (query.type) qb.andWhere('e.type = :type', { type: query.type });
    if (query.actor_type) qb.andWhere('e.actorType = :actorType', { actorType: query.actor_type });
    if (query.actor_id) qb.andWhere('e.actorId = :actorId', { actorId: query.actor_id });
    if (query.created_after) qb.andWhere('e.createdAt > :after', { after: new Date(query.created_after).getTime() });
    // Events never change, so updated_at is created_at: both sorts page on created_at, and
    // (created_at, id) is append order (ids are sequential per process, see EventOutbox).
    const sorted = { ...query, sort: 'created_at' as const };
    return this.paginator.paginate(
      qb,
      sorted,
      'events',
      { type: query.type, created_after: query.created_after, actor_type: query.actor_type, actor_id: query.actor_id },
      {
        after: query.created_after ? ['created_at'] : [],
      },
    );
  }
}
