import { Command } from 'commander';
import { email, text } from '../options';

export interface WorkspaceCreateOptions {
  name: string;
  adminEmail: string;
  adminName: string;
  sandbox: boolean;
}

export function workspaceCreateCommand(): Command {
  return new Command('workspace:create')
    .description('Create a workspace with its admin user and an admin API key (printed once)')
    .requiredOption('--name <name>', 'the workspace name', text)
    .requiredOption('--admin-email <email>', "the first admin's email", email)
    .option('--admin-name <name>', "the first admin's name", text, 'Admin')
    .option('--sandbox', 'mark it as a staging/sandbox workspace', false)
    .action(async (options: WorkspaceCreateOptions) => (await import('./workspace-create.action')).createWorkspace(options));
}
