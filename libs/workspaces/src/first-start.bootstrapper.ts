import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { RelayConfig } from '@relay/common';
import { TransactionRunner } from '@relay/database';
import { InvitesService } from '@relay/sessions';
import { Workspace } from './workspace.entity';
import { WorkspaceProvisioningService } from './workspace-provisioning.service';

// Any constant shared by every Relay process; it names the advisory lock.
const BOOTSTRAP_LOCK_ID = 727_002;

/**
 * Contract §3, first start: an empty database gets workspace "Default", an admin and an admin
 * key (RELAY_BOOTSTRAP_KEY, or a generated one printed once), and the admin's invite link to the
 * Settings app (contract §13), printed once beside the key. Several processes starting
 * together on PostgreSQL serialise on an advisory lock, so exactly one bootstraps.
 */
@Injectable()
export class FirstStartBootstrapper implements OnApplicationBootstrap {
  private readonly logger = new Logger('FirstStart');

  constructor(
    private readonly config: RelayConfig,
    private readonly tx: TransactionRunner,
    private readonly provisioning: WorkspaceProvisioningService,
    private readonly invites: InvitesService,
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
    if (!created) return;
    this.logger.log(
      `first start: created workspace Default with admin admin@relay.local${this.config.bootstrapKey ? ' and the key RELAY_BOOTSTRAP_KEY names' : '; its API key is printed once on stderr'}`,
    );
    // A secret must not enter the log stream (shippers store it): it goes to stderr, on a line
    // of its own, for the operator at the terminal or reading the container's first output.
    if (!this.config.bootstrapKey) process.stderr.write(`Relay admin API key: ${created.secret}\n`);
    // Its own transaction after the workspace's: invites refuse to nest in another unit of work.
    const invite = await this.invites.createInvite(created.workspace.id, created.admin.id);
    process.stderr.write(`Relay admin sign-in link (sets the password, valid 7 days): ${this.origin()}${invite.url}\n`);
  }

  /** Where a browser on this machine reaches the server (a wildcard bind is reached as localhost). */
  private origin(): string {
    const host = ['0.0.0.0', '::', ''].includes(this.config.host) ? 'localhost' : this.config.host;
    return `http://${host.includes(':') ? `[${host}]` : host}:${this.config.port}`;
  }
}
