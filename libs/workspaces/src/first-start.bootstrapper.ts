import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { RelayConfig } from '@relay/common';
import { TransactionRunner } from '@relay/database';
import { Workspace } from './workspace.entity';
import { WorkspaceProvisioningService } from './workspace-provisioning.service';

// Any constant shared by every Relay process; it names the advisory lock.
const BOOTSTRAP_LOCK_ID = 727_002;

/**
 * Contract §3, first start: an empty database gets workspace "Default", an admin and an admin
 * key (RELAY_BOOTSTRAP_KEY, or a generated one printed once). Several processes starting
 * together on PostgreSQL serialise on an advisory lock, so exactly one bootstraps.
 */
@Injectable()
export class FirstStartBootstrapper implements OnApplicationBootstrap {
  constructor(
    private readonly config: RelayConfig,
    private readonly tx: TransactionRunner,
    private readonly provisioning: WorkspaceProvisioningService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const created = await this.tx.run(async (manager) => {
      if (this.tx.isPostgres) await manager.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK_ID]);
      if ((await manager.count(Workspace)) > 0) return null;
      return this.provisioning.provisionIn(manager, {
        name: 'Default',
        adminEmail: 'admin@relay.local',
        adminName: 'Admin',
        keySecret: this.config.bootstrapKey,
      });
    });
    // Printed on stdout on a line of its own (not through the JSON logger) so it can be grepped.
    if (created && !this.config.bootstrapKey) process.stdout.write(`Relay admin API key: ${created.secret}\n`);
  }
}
