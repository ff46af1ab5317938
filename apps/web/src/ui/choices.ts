import { useEffect, useState } from 'react';
import { api, call } from '../api';

/** Where an id's choices come from; a list the role cannot read leaves a text input. */
export type Source = 'users' | 'teams' | 'webhooks' | 'channels' | 'rules';

export type Choices = Partial<Record<Source, { value: string; label: string }[]>>;

/**
 * The users, teams, webhooks, channels or rules a form can name, as options (the first 100 of each).
 * A list the role may not read (webhooks and channels are an admin's) stays out: its ids are typed.
 */
export function useChoices(sources: readonly Source[]): Choices {
  const [choices, setChoices] = useState<Choices>({});
  useEffect(() => {
    const query = { params: { query: { limit: 100 } } };
    const load = async (source: Source, read: () => Promise<{ value: string; label: string }[]>) => {
      try {
        const options = await read();
        setChoices((now) => ({ ...now, [source]: options }));
      } catch {
        // Not readable with this role: the id is typed instead.
      }
    };
    const readers: Record<Source, () => Promise<{ value: string; label: string }[]>> = {
      users: async () =>
        (await call(api.GET('/api/v1/users', query))).data
          .filter((user) => user.active && user.role !== 'viewer')
          .map((user) => ({ value: user.id, label: `${user.name} (${user.email})` })),
      teams: async () => (await call(api.GET('/api/v1/teams', query))).data.map((team) => ({ value: team.id, label: team.name })),
      webhooks: async () => (await call(api.GET('/api/v1/webhooks', query))).data.map((hook) => ({ value: hook.id, label: hook.url })),
      rules: async () => (await call(api.GET('/api/v1/rules', query))).data.map((rule) => ({ value: rule.id, label: rule.name })),
      channels: async () =>
        (await call(api.GET('/api/v1/notification-channels', query))).data.map((channel) => ({ value: channel.id, label: channel.name })),
    };
    for (const source of new Set(sources)) void load(source, readers[source]);
    // The sources a form names are fixed for its life.
  }, []);
  return choices;
}
