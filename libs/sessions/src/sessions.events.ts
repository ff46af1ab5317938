import { EntityManager } from 'typeorm';
import type { Actor, EventOutbox } from '@relay/events';
import { User, UsersService } from '@relay/users';
import type { UserResponse } from '@relay/users';

declare module '@relay/events' {
  interface EventPayloads {
    'user.signed_in': UserResponse;
    'user.password_set': UserResponse;
  }
}

/** `user.signed_in` and `user.password_set` carry the user as the API shows it: never a password, hash or token. */
export const sessionEvents = {
  signedIn: async (outbox: EventOutbox, users: UsersService, manager: EntityManager, actor: Actor, user: User) =>
    outbox.append(manager, {
      workspaceId: user.workspaceId,
      actor,
      type: 'user.signed_in',
      data: (await users.responses([user], manager))[0],
    }),
  passwordSet: async (outbox: EventOutbox, users: UsersService, manager: EntityManager, actor: Actor, user: User) =>
    outbox.append(manager, {
      workspaceId: user.workspaceId,
      actor,
      type: 'user.password_set',
      data: (await users.responses([user], manager))[0],
    }),
};
