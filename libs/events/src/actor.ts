import type { Principal } from '@relay/auth';

export const ACTOR_TYPES = ['user', 'automation', 'system'] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

/**
 * Who caused an event (contract §9): a person's request (`user`: their id, and the API key
 * unless a browser session made it), a rule's action (`automation`), or Relay itself
 * (`system`: the worker, timers, the CLI).
 */
export interface Actor {
  type: ActorType;
  id: string | null;
  api_key_id: string | null;
  rule_id: string | null;
}

export const SYSTEM_ACTOR: Actor = Object.freeze({ type: 'system', id: null, api_key_id: null, rule_id: null });

/** A person acting without a request principal yet (signing in, accepting an invite). */
export function userActor(userId: string, apiKeyId: string | null = null): Actor {
  return { type: 'user', id: userId, api_key_id: apiKeyId, rule_id: null };
}

/** The user behind a request; a session's principal carries the session id as its key id, which is no API key. */
export function actorOf(principal: Pick<Principal, 'userId' | 'keyId' | 'sessionId'>): Actor {
  return userActor(principal.userId, principal.sessionId ? null : principal.keyId);
}

export function automationActor(ruleId: string): Actor {
  return { type: 'automation', id: null, api_key_id: null, rule_id: ruleId };
}
