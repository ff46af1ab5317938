import { TransactionRunner } from '@relay/database';
import { ApiKeysService } from '@relay/api-keys';
import { UsersService } from '@relay/users';
import { withApp } from '../cli-app';
import { printJson } from './output';
import { findUserByEmail } from './user-lookup';
import type { ApiKeyCreateOptions } from './api-key-create.command';

export async function createApiKey(options: ApiKeyCreateOptions): Promise<void> {
  const { user, apiKey, secret } = await withApp(async (app) => {
    const user = await findUserByEmail(app.get(UsersService), options.email, options.workspaceId);
    const issued = await app
      .get(TransactionRunner)
      .run((manager) => app.get(ApiKeysService).issueIn(manager, { workspaceId: user.workspaceId, userId: user.id, name: options.name }));
    return { user, ...issued };
  });
  printJson({ workspace_id: user.workspaceId, user_id: user.id, api_key_id: apiKey.id, api_key: secret });
}
