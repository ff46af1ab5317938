import { EntityManager } from 'typeorm';
import type { Actor, EventOutbox } from '@relay/events';
import { toUserResponse, User } from '@relay/users';
import type { UserResponse } from '@relay/users';

declare module '@relay/events' {
  interface EventPayloads {
    'user.signed_in': UserResponse;
    'user.password_set': UserResponse;
  }
}

/** `user.signed_in` and `user.password_set` carry the user as the API shows it: never a password, hash or token. */
export const sessionEvents = {
  signedIn: (outbox: EventOutbox, manager: EntityManager, actor: Actor, user: User) =>
    outbox.append(manager, { workspaceId: user.workspaceId, actor, type: 'user.signed_in', data: toUserResponse(user) }),
  passwordSet: (outbox: EventOutbox, manager: EntityManager, actor: Actor, user: User) =>
    outbox.append(manager, { workspaceId: user.workspaceId, actor, type: 'user.password_set', data: toUserResponse(user) }),
};
