import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { newId } from '@relay/common';
import { TransactionRunner } from '@relay/database';
import { ApiKeysService } from '@relay/api-keys';
import type { ApiKey } from '@relay/api-keys';
import { User, UsersService } from '@relay/users';
import { Workspace } from './workspace.entity';

export interface ProvisionInput {
  name: string;
  sandbox?: boolean;
  adminEmail: string;
  adminName?: string;
  /** Use this exact secret for the admin key (RELAY_BOOTSTRAP_KEY); else one is generated. */
  keySecret?: string;
}

export interface Provisioned {
  workspace: Workspace;
  admin: User;
  apiKey: ApiKey;
  secret: string;
}

/** A new workspace with its first admin and an admin key, all or nothing. */
@Injectable()
export class WorkspaceProvisioningService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly users: UsersService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  provision(input: ProvisionInput): Promise<Provisioned> {
    return this.tx.run((manager) => this.provisionIn(manager, input));
  }

  async provisionIn(manager: EntityManager, input: ProvisionInput): Promise<Provisioned> {
    const now = new Date();
    const workspace = await manager.save(Workspace, {
      id: newId('ws'),
      name: input.name,
      sandbox: input.sandbox ?? false,
      createdAt: now,
      updatedAt: now,
    });
    const admin = await this.users.createIn(manager, workspace.id, {
      email: input.adminEmail,
      name: input.adminName ?? 'Admin',
      role: 'admin',
    });
    const { apiKey, secret } = await this.apiKeys.issueIn(manager, {
      workspaceId: workspace.id,
      userId: admin.id,
      name: 'Admin key',
      secret: input.keySecret,
    });
    return { workspace, admin, apiKey, secret };
  }
}
