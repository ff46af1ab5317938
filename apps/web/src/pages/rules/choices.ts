import { useEffect, useState } from 'react';
import { api, call } from '../../api';
import type { Source } from './vocabulary';

export type Choices = Partial<Record<Source, { value: string; label: string }[]>>;

/**
 * The users, teams, webhooks and channels a rule can name, as options (the first 100 of each).
 * A list the role may not read (webhooks and channels are an admin's) stays out: its ids are typed.
 */
export function useChoices(): Choices {
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
    void load('users', async () =>
      (await call(api.GET('/api/v1/users', query))).data
        .filter((user) => user.active && user.role !== 'viewer')
        .map((user) => ({ value: user.id, label: `${user.name} (${user.email})` })),
    );
    void load('teams', async () =>
      (await call(api.GET('/api/v1/teams', query))).data.map((team) => ({ value: team.id, label: team.name })),
    );
    void load('webhooks', async () =>
      (await call(api.GET('/api/v1/webhooks', query))).data.map((hook) => ({ value: hook.id, label: hook.url })),
    );
    void load('channels', async () =>
      (await call(api.GET('/api/v1/notification-channels', query))).data.map((channel) => ({ value: channel.id, label: channel.name })),
    );
  }, []);
  return choices;
}
