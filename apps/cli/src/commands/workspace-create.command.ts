import { Command, CommandRunner, Option } from 'nest-commander';
import { WorkspaceProvisioningService } from '@relay/workspaces';
import { printJson } from './output';

interface Options {
  name: string;
  adminEmail: string;
  adminName?: string;
  sandbox?: boolean;
}

@Command({ name: 'workspace:create', description: 'Create a workspace with its admin user and an admin API key' })
export class WorkspaceCreateCommand extends CommandRunner {
  constructor(private readonly provisioning: WorkspaceProvisioningService) {
    super();
  }

  async run(_args: string[], options: Options): Promise<void> {
    const { workspace, admin, apiKey, secret } = await this.provisioning.provision({
      name: options.name,
      sandbox: options.sandbox ?? false,
      adminEmail: options.adminEmail,
      adminName: options.adminName,
    });
    printJson({ workspace_id: workspace.id, sandbox: workspace.sandbox, user_id: admin.id, api_key_id: apiKey.id, api_key: secret });
  }

  @Option({ flags: '--name <name>', description: 'Workspace name', required: true })
  parseName(value: string): string {
    return value;
  }

  @Option({ flags: '--admin-email <email>', description: "The first admin's email", required: true })
  parseAdminEmail(value: string): string {
    return value;
  }

  @Option({ flags: '--admin-name <name>', description: "The first admin's name (default Admin)" })
  parseAdminName(value: string): string {
    return value;
  }

  @Option({ flags: '--sandbox', description: 'Mark it as a staging/sandbox workspace' })
  parseSandbox(): boolean {
    return true;
  }
}
