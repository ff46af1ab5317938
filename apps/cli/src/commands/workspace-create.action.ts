import { CreateUserDto } from '@relay/users';
import { WorkspaceProvisioningService } from '@relay/workspaces';
import { validateAsApi, withApp } from '../cli-app';
import { printJson } from './output';
import type { WorkspaceCreateOptions } from './workspace-create.command';

export async function createWorkspace(options: WorkspaceCreateOptions): Promise<void> {
  await validateAsApi(
    CreateUserDto,
    { email: options.adminEmail, name: options.adminName, role: 'admin' },
    { email: '--admin-email', name: '--admin-name' },
  );
  const { workspace, admin, apiKey, secret } = await withApp((app) =>
    app
      .get(WorkspaceProvisioningService)
      .provision({ name: options.name, sandbox: options.sandbox, adminEmail: options.adminEmail, adminName: options.adminName }),
  );
  printJson({ workspace_id: workspace.id, sandbox: workspace.sandbox, user_id: admin.id, api_key_id: apiKey.id, api_key: secret });
}
