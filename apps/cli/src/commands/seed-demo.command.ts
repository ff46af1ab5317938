import { Command, CommandRunner, Option } from 'nest-commander';
import { ApiError, ErrorCode } from '@relay/common';
import { DemoSeeder } from '../seed/demo-seeder';
import { printJson } from './output';

interface Options {
  tickets: number;
  customers?: number;
  agents?: number;
  workspaceId?: string;
  seed?: number;
}

/** Bounded so a typo cannot fill the disk: ten million tickets is far past any demo. */
const MAX_TICKETS = 10_000_000;

@Command({ name: 'seed:demo', description: 'Fill a workspace with realistic demo tickets, customers, tags and conversations' })
export class SeedDemoCommand extends CommandRunner {
  constructor(private readonly seeder: DemoSeeder) {
    super();
  }

  async run(_args: string[], options: Options): Promise<void> {
    const tickets = options.tickets;
    const result = await this.seeder.seed({
      tickets,
      customers: options.customers ?? Math.max(1, Math.ceil(tickets / 5)),
      agents: options.agents ?? 8,
      workspaceId: options.workspaceId,
      seed: options.seed,
      onProgress: process.stderr.isTTY ? (done, total) => process.stderr.write(`\rseeded ${done}/${total} tickets`) : undefined,
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    printJson({ ...result });
  }

  @Option({ flags: '--tickets <count>', description: 'How many tickets (10000, 100k, 1m)', required: true })
  parseTickets(value: string): number {
    return count('--tickets', value, 1, MAX_TICKETS);
  }

  @Option({ flags: '--customers <count>', description: 'How many customers (default: a fifth of the tickets)' })
  parseCustomers(value: string): number {
    return count('--customers', value, 1, MAX_TICKETS);
  }

  @Option({ flags: '--agents <count>', description: 'How many agents, each with an API key (default 8)' })
  parseAgents(value: string): number {
    return count('--agents', value, 1, 1000);
  }

  @Option({ flags: '--workspace-id <id>', description: 'The workspace to fill (default: the oldest; one is created if none exists)' })
  parseWorkspaceId(value: string): string {
    return value;
  }

  @Option({ flags: '--seed <number>', description: 'Random seed, for the same data on every run' })
  parseSeed(value: string): number {
    return count('--seed', value, 0, 2 ** 32 - 1);
  }
}

/** "10000", "100k" or "1m" as a whole number within bounds. */
function count(flag: string, value: string, min: number, max: number): number {
  const match = /^(\d+)([km]?)$/i.exec(value.trim());
  const parsed = match ? Number(match[1]) * { '': 1, k: 1_000, m: 1_000_000 }[match[2].toLowerCase() as '' | 'k' | 'm'] : NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    throw new ApiError(ErrorCode.ValidationFailed, `${flag} must be a whole number from ${min} to ${max} (k and m suffixes allowed)`);
  }
  return parsed;
}
