import { iso } from '@relay/common';
import { TeamResponse } from './dto/team.response';
import { Team } from './team.entity';

export function toTeamResponse(team: Team): TeamResponse {
  return {
    id: team.id,
    name: team.name,
    description: team.description,
    assignment_method: team.assignmentMethod,
    max_open_per_agent: team.maxOpenPerAgent,
    member_count: Number(team.memberCount),
    created_at: iso(team.createdAt),
    updated_at: iso(team.updatedAt),
    deleted_at: iso(team.deletedAt),
  };
}
