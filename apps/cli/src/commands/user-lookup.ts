import { User, UsersService } from '@relay/users';
import { ApiError, ErrorCode } from '@relay/common';

/** Finds a user by email; an email present in several workspaces needs --workspace-id. */
export async function findUserByEmail(usersService: UsersService, email: string, workspaceId?: string): Promise<User> {
  const users = await usersService.findByEmail(email, workspaceId);
  if (users.length === 0)
    throw new ApiError(ErrorCode.NotFound, `no user with email ${email}${workspaceId ? ` in workspace ${workspaceId}` : ''}`);
  if (users.length > 1) throw new ApiError(ErrorCode.Conflict, `${email} exists in several workspaces; pass --workspace-id`);
  return users[0];
}
