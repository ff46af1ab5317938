import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Port } from '@relay/common';

/** The live teams each user is a member of, for `team_ids`: the teams module implements it. */
export interface UserTeams {
  /** Team ids per user (every user present, [] when none), in a stable order. */
  teamIdsOf(manager: EntityManager, workspaceId: string, userIds: string[]): Promise<Map<string, string[]>>;
  /** PostgreSQL: an expression giving the same list (a text[]) for the users row aliased `user`, to read beside its columns. */
  teamIdsColumn(user: string): string;
}

@Injectable()
export class UserTeamsPort extends Port<UserTeams> {}
