import { TARGET_RESOLVER } from '@relay/webhooks';
import { startTestApp, TestApp } from '../helpers/test-app';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const newman = require('newman') as {
  run(options: object, done: (error: Error | null, summary: NewmanSummary) => void): void;
};
interface NewmanSummary {
  run: {
    failures: { error: { message: string }; source?: { name?: string } }[];
    executions: { item: { name: string }; response?: { code: number } }[];
  };
}

// The served Postman collection, run by newman as an integrator would: fresh server, only
// baseUrl and apiKey set, every request in order.
describe('GET /postman.json', () => {
  let t: TestApp;
  let baseUrl: string;

  beforeAll(async () => {
    // Example webhook URLs name public hosts; offline, they resolve to a closed local port.
    t = await startTestApp({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' }, undefined, (builder) =>
      builder.overrideProvider(TARGET_RESOLVER).useValue(async () => [{ address: '127.0.0.1', family: 4 }]),
    );
    await t.app.listen(0, '127.0.0.1');
    baseUrl = await t.app.getUrl();
  });
  afterAll(() => t.close());

  it('serves a v2.1 collection without a key: bearer apiKey, baseUrl, a folder per tag', async () => {
    const collection = (await t.http.get('/postman.json').expect(200)).body;
    expect(collection.info.schema).toBe('https://schema.getpostman.com/json/collection/v2.1.0/collection.json');
    expect(collection.auth).toEqual({ type: 'bearer', bearer: [{ key: 'token', value: '{{apiKey}}', type: 'string' }] });
    expect(collection.variable.map((v: { key: string }) => v.key)).toEqual(expect.arrayContaining(['baseUrl', 'apiKey']));
    const doc = (await t.http.get('/openapi.json').expect(200)).body;
    const tags = new Set<string>();
    let operations = 0;
    for (const item of Object.values(doc.paths) as Record<string, { tags: string[]; 'x-browser-session'?: boolean }>[]) {
      for (const op of Object.values(item)) {
        // Signing in and the session's own routes need a person, not a key: left out.
        if (op['x-browser-session']) continue;
        tags.add(op.tags[0]);
        operations++;
      }
    }
    expect(collection.item.map((folder: { name: string }) => folder.name).sort()).toEqual([...tags].sort());
    expect(collection.item.flatMap((folder: { item: unknown[] }) => folder.item)).toHaveLength(operations);
  });

  it('passes every request under newman against a fresh server with only baseUrl and apiKey set', async () => {
    const collection = (await t.http.get('/postman.json').expect(200)).body;
    const summary = await new Promise<NewmanSummary>((resolve, reject) =>
      newman.run(
        {
          collection,
          envVar: [
            { key: 'baseUrl', value: baseUrl },
            { key: 'apiKey', value: t.adminKey },
          ],
          reporters: [],
          timeout: 60_000,
        },
        (error, result) => (error ? reject(error) : resolve(result)),
      ),
    );
    const failures = summary.run.failures.map((f) => `${f.source?.name}: ${f.error.message}`);
    expect(failures).toEqual([]);
    const executed = summary.run.executions.map((e) => `${e.item.name}: ${e.response?.code}`);
    // Every item ran (a delete's pre-request copy adds an execution under the same name).
    const names = collection.item.flatMap((folder: { item: { name: string }[] }) => folder.item.map((item) => item.name));
    expect(new Set(summary.run.executions.map((e) => e.item.name))).toEqual(new Set(names));
    expect(executed.filter((line) => !/: 2\d\d$/.test(line))).toEqual([]);
  });
});
