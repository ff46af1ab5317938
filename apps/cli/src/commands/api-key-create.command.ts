import { Command, CommandRunner, Option } from 'nest-commander';
import { TransactionRunner } from '@relay/database';
import { ApiKeysService } from '@relay/api-keys';
import { UsersService } from '@relay/users';
import { printJson } from './output';
import { findUserByEmail } from './user-lookup';

interface Options {
  email: string;
  name?: string;
  workspaceId?: string;
}

@Command({ name: 'api-key:create', description: "Create an API key for a user; it acts with that user's permissions" })
export class ApiKeyCreateCommand extends CommandRunner {
  constructor(
    private readonly users: UsersService,
    private readonly tx: TransactionRunner,
    private readonly apiKeys: ApiKeysService,
  ) {
    super();
  }

  async run(_args: string[], options: Options): Promise<void> {
    const user = await findUserByEmail(this.users, options.email, options.workspaceId);
    const { apiKey, secret } = await this.tx.run((manager) =>
      this.apiKeys.issueIn(manager, { workspaceId: user.workspaceId, userId: user.id, name: options.name ?? 'CLI key' }),
    );
    printJson({ workspace_id: user.workspaceId, user_id: user.id, api_key_id: apiKey.id, api_key: secret });
  }

  @Option({ flags: '--email <email>', description: "The key's user", required: true })
  parseEmail(value: string): string {
    return value;
  }

  @Option({ flags: '--name <name>', description: 'A name to recognise the key by' })
  parseName(value: string): string {
    return value;
  }

  @Option({ flags: '--workspace-id <id>', description: 'Needed when the email exists in several workspaces' })
  parseWorkspaceId(value: string): string {
    return value;
  }
}
