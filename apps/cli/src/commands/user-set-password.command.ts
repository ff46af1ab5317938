import { Command } from 'commander';
import { email, text } from '../options';

export interface UserSetPasswordOptions {
  email: string;
  workspaceId?: string;
}

export function userSetPasswordCommand(): Command {
  return new Command('user:set-password')
    .description(
      "Set a user's password, read from standard input (never from an argument, which other users can see); ends the user's sessions",
    )
    .requiredOption('--email <email>', "the user's email", email)
    .option('--workspace-id <id>', 'the workspace (ws_…), when the email has a user in several', text)
    .action(async (options: UserSetPasswordOptions) => (await import('./user-set-password.action')).setPassword(options));
}
