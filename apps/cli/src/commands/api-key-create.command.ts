import { Command } from 'commander';
import { email, text } from '../options';

export interface ApiKeyCreateOptions {
  email: string;
  name: string;
  workspaceId?: string;
}

export function apiKeyCreateCommand(): Command {
  return new Command('api-key:create')
    .description("Create an API key for a user, acting with that user's role (also the way back in after losing the admin key)")
    .requiredOption('--email <email>', "the key's user", email)
    .option('--name <name>', 'a name to recognise the key by', text, 'CLI key')
    .option('--workspace-id <id>', 'needed when the email exists in several workspaces', text)
    .action(async (options: ApiKeyCreateOptions) => (await import('./api-key-create.action')).createApiKey(options));
}
