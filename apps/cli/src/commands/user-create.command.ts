import { Command } from 'commander';
import { email, text } from '../options';

export interface UserCreateOptions {
  workspaceId: string;
  email: string;
  name: string;
  role: string;
}

export function userCreateCommand(): Command {
  return new Command('user:create')
    .description('Add a user to a workspace')
    .requiredOption('--workspace-id <id>', 'the workspace (ws_…)', text)
    .requiredOption('--email <email>', "the user's email, unique in the workspace", email)
    .requiredOption('--name <name>', "the user's name", text)
    .requiredOption('--role <role>', 'admin | agent | viewer', text)
    .action(async (options: UserCreateOptions) => (await import('./user-create.action')).createUser(options));
}
