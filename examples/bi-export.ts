/**
 * BI export: append every ticket created or changed since the last run to a file a BI tool
 * reads (NDJSON: one ticket per line; or CSV), keeping an `updated_after` cursor between runs.
 *
 *   RELAY_URL=… RELAY_API_KEY=rly_… npx ts-node examples/bi-export.ts tickets.ndjson cursor.txt
 */
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { createRelayClient, RelayError } from '../packages/client/src';

export async function exportTickets(options: {
  baseUrl: string;
  apiKey: string;
  outPath: string;
  cursorPath: string;
  format?: 'ndjson' | 'csv';
}): Promise<number> {
  const relay = createRelayClient(options);
  const format = options.format ?? 'ndjson';
  const updatedAfter = await readFile(options.cursorPath, 'utf8').then(
    (text) => text.trim() || undefined,
    () => undefined,
  );
  const { data, error, response } = await relay.GET('/api/v1/tickets/export', {
    params: { query: { format, updated_after: updatedAfter, sort: 'updated_at', order: 'asc' } },
    parseAs: 'text',
  });
  if (!response.ok) throw RelayError.from(response, error);
  // Nothing new: an empty body, which openapi-fetch answers as undefined.
  const lines = (data ?? '').split(/\r?\n/).filter(Boolean);
  const rows = format === 'csv' ? lines.slice(1) : lines;
  if (rows.length === 0) return 0;
  const header = format === 'csv' && !(await readFile(options.outPath, 'utf8').catch(() => '')) ? `${lines[0]}\n` : '';
  await appendFile(options.outPath, header + rows.join('\n') + '\n');
  // updated_after is inclusive: the next run starts just after the newest change exported.
  const newest = format === 'ndjson' ? JSON.parse(rows[rows.length - 1]).updated_at : await newestUpdate(relay, updatedAfter);
  await writeFile(options.cursorPath, new Date(Date.parse(newest) + 1).toISOString());
  return rows.length;
}

async function newestUpdate(relay: ReturnType<typeof createRelayClient>, updatedAfter: string | undefined): Promise<string> {
  const page = await relay.GET('/api/v1/tickets', {
    params: { query: { updated_after: updatedAfter, sort: 'updated_at', order: 'desc', limit: 1 } },
  });
  return page.data!.data[0].updated_at;
}

if (require.main === module) {
  const [outPath = 'tickets.ndjson', cursorPath = 'bi-export-cursor.txt'] = process.argv.slice(2);
  void exportTickets({
    baseUrl: process.env.RELAY_URL!,
    apiKey: process.env.RELAY_API_KEY!,
    outPath,
    cursorPath,
    format: outPath.endsWith('.csv') ? 'csv' : 'ndjson',
  }).then((n) => console.log(`exported ${n} tickets to ${outPath}`));
}
