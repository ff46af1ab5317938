import { withApp } from '../cli-app';
import { DemoSeeder } from '../seed/demo-seeder';
import { printJson } from './output';
import type { SeedDemoOptions } from './seed-demo.command';

export async function seedDemo(options: SeedDemoOptions): Promise<void> {
  const result = await withApp((app) =>
    app.get(DemoSeeder).seed({
      tickets: options.tickets,
      customers: options.customers ?? Math.max(1, Math.ceil(options.tickets / 5)),
      agents: options.agents,
      workspaceId: options.workspaceId,
      seed: options.seed,
      onProgress: process.stderr.isTTY ? (done, total) => process.stderr.write(`\rseeded ${done}/${total} tickets`) : undefined,
    }),
  );
  if (process.stderr.isTTY) process.stderr.write('\n');
  printJson({ ...result });
}
