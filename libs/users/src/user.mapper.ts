import { iso } from '@relay/common';
import { UserResponse } from './dto/user.response';
import { User } from './user.entity';

export function toUserResponse(user: User): UserResponse {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    active: user.active,
    created_at: iso(user.createdAt),
    updated_at: iso(user.updatedAt),
  };
}
