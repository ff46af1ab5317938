import { TransactionRunner } from '@relay/database';
import { CreateUserDto, UsersService } from '@relay/users';
import { WorkspacesService } from '@relay/workspaces';
import { validateAsApi, withApp } from '../cli-app';
import { printJson } from './output';
import type { UserCreateOptions } from './user-create.command';

export async function createUser(options: UserCreateOptions): Promise<void> {
  const dto = await validateAsApi(
    CreateUserDto,
    { email: options.email, name: options.name, role: options.role },
    { email: '--email', name: '--name', role: '--role' },
  );
  const user = await withApp(async (app) => {
    await app.get(WorkspacesService).byId(options.workspaceId);
    return app.get(TransactionRunner).run((manager) => app.get(UsersService).createIn(manager, options.workspaceId, dto));
  });
  printJson({ workspace_id: user.workspaceId, user_id: user.id, email: user.email, role: user.role });
}
