import { iso } from '@relay/common';
import { UserResponse } from './dto/user.response';
import { User } from './user.entity';

/** `teamIds`: the live teams the user is a member of (UsersService.responses reads them). */
export function toUserResponse(user: User, teamIds: string[]): UserResponse {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    active: user.active,
    team_ids: teamIds,
    created_at: iso(user.createdAt),
    updated_at: iso(user.updatedAt),
  };
}
