import { Command } from 'commander';
import { count, text } from '../options';

/** Bounded so a typo cannot fill the disk: ten million tickets is far past any demo. */
const MAX_TICKETS = 10_000_000;

export interface SeedDemoOptions {
  tickets: number;
  customers?: number;
  agents: number;
  workspaceId?: string;
  seed?: number;
}

export function seedDemoCommand(): Command {
  return new Command('seed:demo')
    .description('Fill a workspace with realistic demo tickets, customers, tags and conversations')
    .requiredOption('--tickets <count>', 'how many tickets (10000, 100k, 1m)', count(1, MAX_TICKETS))
    .option('--customers <count>', 'how many customers (default: a fifth of the tickets)', count(1, MAX_TICKETS))
    .option('--agents <count>', 'how many agents, each with an API key', count(1, 1000), 8)
    .option('--workspace-id <id>', 'the workspace to fill (default: the oldest; one is created if none exists)', text)
    .option('--seed <number>', 'random seed, for the same data on every run', count(0, 2 ** 32 - 1))
    .action(async (options: SeedDemoOptions) => (await import('./seed-demo.action')).seedDemo(options));
}
