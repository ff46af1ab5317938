import { EntityManager } from 'typeorm';
import { diff, EventOutbox } from '@relay/events';
import type { Actor } from '@relay/events';
import { TeamResponse } from './dto/team.response';
import { Team } from './team.entity';
import { toTeamResponse } from './team.mapper';

declare module '@relay/events' {
  interface EventPayloads {
    'team.created': TeamResponse;
    'team.updated': TeamResponse;
    'team.deleted': TeamResponse;
  }
}

const TRACKED: (keyof TeamResponse)[] = ['name', 'description', 'assignment_method', 'max_open_per_agent', 'member_count'];

/** The team.* events, appended inside the transaction that made the change. */
export const teamEvents = {
  created: (outbox: EventOutbox, manager: EntityManager, actor: Actor, team: Team) =>
    outbox.append(manager, { workspaceId: team.workspaceId, actor, type: 'team.created', data: toTeamResponse(team) }),

  /** Appends `team.updated` only when a tracked field changed. */
  async updated(outbox: EventOutbox, manager: EntityManager, actor: Actor, before: TeamResponse, team: Team): Promise<void> {
    const after = toTeamResponse(team);
    const changes = diff(before, after, TRACKED);
    if (!Object.keys(changes).length) return;
    await outbox.append(manager, { workspaceId: team.workspaceId, actor, type: 'team.updated', data: after, changes });
  },

  deleted: (outbox: EventOutbox, manager: EntityManager, actor: Actor, team: Team) =>
    outbox.append(manager, { workspaceId: team.workspaceId, actor, type: 'team.deleted', data: toTeamResponse(team) }),
};
