/**
 * CRM sync: push your CRM's contacts into Relay (upsert by external id), then pull back what
 * changed in Relay (customer.* events) since the last run, so a sync that was down catches up.
 *
 *   RELAY_URL=http://localhost:3000 RELAY_API_KEY=rly_… npx ts-node examples/crm-sync.ts contacts.json state.json
 */
import { readFile, writeFile } from 'node:fs/promises';
import { components, createRelayClient, paginate, unwrap } from '../packages/client/src';

export interface Contact {
  external_id: string;
  email: string;
  name: string;
}
type CustomerEvent = Extract<components['schemas']['DomainEvent'], { type: `customer.${string}` }>;

/** Where the last run stopped reading events: the instant, and the events seen at that instant. */
interface SyncState {
  after?: string;
  seenAtInstant: string[];
}

export async function syncCrm(options: {
  baseUrl: string;
  apiKey: string;
  contacts: Contact[];
  statePath: string;
}): Promise<{ upserted: number; changes: CustomerEvent[] }> {
  const relay = createRelayClient({ baseUrl: options.baseUrl, apiKey: options.apiKey });
  for (const contact of options.contacts) {
    await unwrap(
      relay.PUT('/api/v1/customers/by-external-id/{external_id}', {
        params: { path: { external_id: contact.external_id } },
        body: { email: contact.email, name: contact.name },
      }),
    );
  }

  const state: SyncState = await readFile(options.statePath, 'utf8').then(JSON.parse, () => ({ seenAtInstant: [] }));
  // created_after is strict: start a millisecond early and skip what the last run already saw.
  const after = state.after ? new Date(Date.parse(state.after) - 1).toISOString() : undefined;
  const changes: CustomerEvent[] = [];
  for await (const event of paginate((cursor) =>
    relay.GET('/api/v1/events', { params: { query: { created_after: after, order: 'asc', limit: 100, cursor } } }),
  )) {
    if (state.seenAtInstant.includes(event.id) || !event.type.startsWith('customer.')) continue;
    changes.push(event as CustomerEvent);
    state.seenAtInstant = event.created_at === state.after ? [...state.seenAtInstant, event.id] : [event.id];
    state.after = event.created_at;
  }
  await writeFile(options.statePath, JSON.stringify(state));
  return { upserted: options.contacts.length, changes };
}

if (require.main === module) {
  const [contactsPath = 'contacts.json', statePath = 'crm-sync-state.json'] = process.argv.slice(2);
  void readFile(contactsPath, 'utf8')
    .then((text) => syncCrm({ baseUrl: process.env.RELAY_URL!, apiKey: process.env.RELAY_API_KEY!, contacts: JSON.parse(text), statePath }))
    .then(({ upserted, changes }) => {
      console.log(`upserted ${upserted} contacts`);
      for (const change of changes) console.log(`${change.type} ${change.data.id} ${change.data.email ?? ''}`);
    });
}
