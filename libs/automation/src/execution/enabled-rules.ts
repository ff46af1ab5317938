import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { onCommit, TransactionRunner } from '@relay/database';
import type { RuleEvent } from '../engine';
import { Rule } from '../rule.entity';

/** PostgreSQL channel on which every process hears that a workspace's rules changed. */
const CHANNEL = 'relay_rules';
const RECONNECT_MS = 1000;

interface PgClient {
  query(sql: string): Promise<unknown>;
  on(event: 'notification', listener: (message: { channel: string; payload?: string }) => void): void;
  on(event: 'error' | 'end', listener: () => void): void;
  removeAllListeners(): void;
}

/**
 * The enabled rules of each workspace, kept per process so a ticket write in a workspace
 * without rules costs no query. A rule change drops the workspace's entry in every process:
 * here after commit, and on PostgreSQL through NOTIFY (sent with the commit) to every process's
 * listener. While a PostgreSQL listener is not connected nothing is kept, so a missed
 * notification can never leave stale rules behind: every pass reads them.
 */
@Injectable()
export class EnabledRules implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(EnabledRules.name);
  private readonly cache = new Map<string, Rule[]>();
  /** Moves on every drop: a load that raced a change is not kept. */
  private generation = 0;
  private listening: boolean;
  private client: { connection: PgClient; release: (destroy: boolean) => void } | null = null;
  private reconnecting = false;
  private closed = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
  ) {
    this.listening = !tx.isPostgres;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.tx.isPostgres) await this.listen();
  }

  onModuleDestroy(): void {
    this.closed = true;
    this.disconnect();
  }

  /** The workspace's enabled rules for `event`, in position order. */
  async forEvent(manager: EntityManager, workspaceId: string, event: RuleEvent): Promise<Rule[]> {
    return (await this.all(manager, workspaceId)).filter((rule) => rule.events.includes(event));
  }

  /** Every enabled rule of the workspace, in position order. */
  async all(manager: EntityManager, workspaceId: string): Promise<Rule[]> {
    let rules = this.listening ? this.cache.get(workspaceId) : undefined;
    if (!rules) {
      const generation = this.generation;
      rules = await manager.find(Rule, { where: { workspaceId, enabled: true }, order: { position: 'ASC' } });
      if (this.listening && generation === this.generation) this.cache.set(workspaceId, rules);
    }
    return rules;
  }

  /** In a transaction that changes the workspace's rules: every process forgets them once it commits. */
  async changed(manager: EntityManager, workspaceId: string): Promise<void> {
    if (this.tx.isPostgres) await this.tx.query(manager, 'SELECT pg_notify(?, ?)', [CHANNEL, workspaceId]);
    onCommit(manager, () => this.drop(workspaceId));
  }

  private drop(workspaceId: string | null): void {
    this.generation++;
    if (workspaceId === null) this.cache.clear();
    else this.cache.delete(workspaceId);
  }

  private async listen(): Promise<void> {
    this.reconnecting = false;
    if (this.closed) return;
    try {
      const [connection, release] = await (this.dataSource.driver as PostgresDriver).obtainMasterConnection();
      const client = connection as PgClient;
      this.client = { connection: client, release: release as (destroy: boolean) => void };
      client.on('notification', (message) => {
        if (message.channel === CHANNEL) this.drop(message.payload ?? null);
      });
      client.on('error', () => this.lost());
      client.on('end', () => this.lost());
      await client.query(`LISTEN ${CHANNEL}`);
      this.drop(null);
      this.listening = true;
    } catch (error) {
      this.logger.warn(`rule change listener unavailable, reading rules on every pass: ${(error as Error).message}`);
      this.lost();
    }
  }

  /** Without a listener nothing cached can be trusted: read every time until it is back. */
  private lost(): void {
    this.listening = false;
    this.drop(null);
    this.disconnect();
    if (this.closed || this.reconnecting) return;
    this.reconnecting = true;
    setTimeout(() => void this.listen(), RECONNECT_MS).unref();
  }

  private disconnect(): void {
    const client = this.client;
    this.client = null;
    if (!client) return;
    client.connection.removeAllListeners();
    try {
      // Destroyed, not pooled: a pooled connection would keep listening.
      client.release(true);
    } catch {
      // Already gone with its connection.
    }
  }
}
