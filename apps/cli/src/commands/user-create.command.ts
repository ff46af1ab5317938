import { Command, CommandRunner, Option } from 'nest-commander';
import { ApiError, ErrorCode } from '@relay/common';
import { TransactionRunner } from '@relay/database';
import { ROLES, Role } from '@relay/auth';
import { UsersService } from '@relay/users';
import { printJson } from './output';

interface Options {
  workspaceId: string;
  email: string;
  name: string;
  role: Role;
}

@Command({ name: 'user:create', description: 'Add a user to a workspace' })
export class UserCreateCommand extends CommandRunner {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly users: UsersService,
  ) {
    super();
  }

  async run(_args: string[], options: Options): Promise<void> {
    const user = await this.tx.run((manager) =>
      this.users.createIn(manager, options.workspaceId, { email: options.email, name: options.name, role: options.role }),
    );
    printJson({ workspace_id: user.workspaceId, user_id: user.id, email: user.email, role: user.role });
  }

  @Option({ flags: '--workspace-id <id>', required: true })
  parseWorkspaceId(value: string): string {
    return value;
  }

  @Option({ flags: '--email <email>', required: true })
  parseEmail(value: string): string {
    return value;
  }

  @Option({ flags: '--name <name>', required: true })
  parseName(value: string): string {
    return value;
  }

  @Option({ flags: '--role <role>', description: 'admin | agent | viewer', required: true })
  parseRole(value: string): Role {
    if (!(ROLES as readonly string[]).includes(value)) throw new ApiError(ErrorCode.ValidationFailed, `--role must be one of ${ROLES.join(', ')}`);
    return value as Role;
  }
}
