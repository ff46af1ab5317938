import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { conflict, KeysetPaginator, ListQueryDto, newId, notFound, Page, RelayConfig, validationFailed } from '@relay/common';
import { TransactionRunner } from '@relay/database';
import { actorOf, EventOutbox } from '@relay/events';
import type { EventRecord } from '@relay/events';
import type { Principal } from '@relay/auth';
import { newDelivery } from './delivery/new-delivery';
import { DeliveryLog } from './delivery/delivery-log';
import { holdTarget, setTargetActive, targetsActive } from './delivery/target-health';
import { CreateWebhookDto } from './dto/create-webhook.dto';
import { UpdateWebhookDto } from './dto/update-webhook.dto';
import { Resolver, TARGET_RESOLVER, UnsafeTargetError, vetTarget } from './target-vetting';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { generateWebhookSecret } from './webhook-secret';

/**
 * Every event fans out to every matching endpoint: the cap bounds the outbound POSTs one write
 * can cause. Not per host: integration platforms (Zapier, Make) give every flow its own URL on
 * one host.
 */
export const MAX_WEBHOOKS_PER_WORKSPACE = 50;
/** Advisory-lock class of "creating a webhook in workspace X" (PostgreSQL's two-key form). */
const CREATE_LOCK_CLASS = 0x77686b;

export interface EndpointWithSecret {
  endpoint: WebhookEndpoint;
  secret: string;
}

/** Webhook endpoints of a workspace: subscriptions, their secrets, and test sends. */
@Injectable()
export class WebhooksService {
  constructor(
    @InjectRepository(WebhookEndpoint) private readonly endpoints: Repository<WebhookEndpoint>,
    private readonly tx: TransactionRunner,
    private readonly paginator: KeysetPaginator,
    private readonly config: RelayConfig,
    private readonly outbox: EventOutbox,
    private readonly log: DeliveryLog,
    @Inject(TARGET_RESOLVER) private readonly resolve: Resolver,
  ) {}

  list(principal: Principal, query: ListQueryDto): Promise<Page<WebhookEndpoint>> {
    const qb = this.endpoints.createQueryBuilder('w').where('w.workspaceId = :ws', { ws: principal.workspaceId });
    return this.paginator.paginate(qb, query, 'webhooks', {});
  }

  /** Which of `ids` are endpoints of the workspace, and whether each is active. */
  activeIn(workspaceId: string, ids: string[], manager: EntityManager = this.endpoints.manager): Promise<Map<string, boolean>> {
    return targetsActive(manager, WebhookEndpoint, workspaceId, ids);
  }

  async get(principal: Principal, id: string): Promise<WebhookEndpoint> {
    return this.find(this.endpoints.manager, principal, id);
  }

  async create(principal: Principal, dto: CreateWebhookDto): Promise<EndpointWithSecret> {
    await this.assertSafeTarget(dto.url);
    const secret = generateWebhookSecret();
    const now = new Date();
    const endpoint = await this.tx.run(async (manager) => {
      await this.assertRoomFor(manager, principal.workspaceId);
      return manager.save(WebhookEndpoint, {
        id: newId('whk'),
        workspaceId: principal.workspaceId,
        url: dto.url,
        description: dto.description ?? null,
        events: normaliseEvents(dto.events),
        secret,
        active: dto.active ?? true,
        disabledReason: null,
        failingSince: null,
        createdAt: now,
        updatedAt: now,
      });
    });
    return { endpoint, secret };
  }

  async update(principal: Principal, id: string, dto: UpdateWebhookDto): Promise<WebhookEndpoint> {
    if (dto.url !== undefined) {
      // Another workspace's id is 404 whatever the body says. The URL is vetted (a DNS lookup)
      // before the transaction, never inside it, which finds the endpoint again.
      await this.find(this.endpoints.manager, principal, id);
      await this.assertSafeTarget(dto.url);
    }
    return this.tx.run(async (manager) => {
      const endpoint = await this.find(manager, principal, id);
      if (dto.url !== undefined) endpoint.url = dto.url;
      if (dto.events !== undefined) endpoint.events = normaliseEvents(dto.events);
      if (dto.description !== undefined) endpoint.description = dto.description;
      if (dto.active !== undefined) setTargetActive(endpoint, dto.active);
      endpoint.updatedAt = new Date();
      return manager.save(WebhookEndpoint, endpoint);
    });
  }

  async remove(principal: Principal, id: string): Promise<void> {
    await this.tx.run(async (manager) => {
      const endpoint = await this.find(manager, principal, id);
      await manager.delete(WebhookEndpoint, { id: endpoint.id });
    });
  }

  /**
   * Issues a new secret; the one it replaces keeps signing beside it for the configured overlap
   * (a second rotation within it drops the oldest at once).
   */
  rotateSecret(principal: Principal, id: string): Promise<EndpointWithSecret> {
    return this.tx.run(async (manager) => {
      const endpoint = await this.find(manager, principal, id);
      const secret = generateWebhookSecret();
      const now = new Date();
      const overlap = this.config.webhooks.secretOverlapMs;
      Object.assign(endpoint, {
        secret,
        previousSecret: overlap > 0 ? endpoint.secret : null,
        previousSecretExpiresAt: overlap > 0 ? new Date(now.getTime() + overlap) : null,
        updatedAt: now,
      });
      return { endpoint: await manager.save(WebhookEndpoint, endpoint), secret };
    });
  }

  /** Delivers `event` (recorded addressed, see EventOutbox.appendAddressed) to this endpoint only, inside the caller's transaction. */
  deliverAddressed(manager: EntityManager, workspaceId: string, id: string, event: EventRecord): Promise<WebhookDelivery> {
    return this.log.addAddressed(manager, newDelivery('webhook', { id, workspaceId }, event, new Date()));
  }

  /** Records a `ping` event addressed to this endpoint only, with its delivery, and wakes delivery. */
  sendTest(principal: Principal, id: string): Promise<WebhookDelivery> {
    return this.tx.run(async (manager) => {
      const endpoint = await holdTarget(manager, WebhookEndpoint, { id, workspaceId: principal.workspaceId });
      if (!endpoint) throw notFound('webhook');
      if (!endpoint.active)
        throw conflict('the webhook is inactive; activate it before testing', [{ field: 'active', message: 'is false' }]);
      const event = await this.outbox.appendAddressed(manager, {
        workspaceId: principal.workspaceId,
        actor: actorOf(principal),
        type: 'ping',
        data: { webhook_id: endpoint.id, message: 'Relay test event' },
      });
      return this.log.addAddressed(manager, newDelivery('webhook', endpoint, event, new Date()));
    });
  }

  private async find(manager: EntityManager, principal: Principal, id: string): Promise<WebhookEndpoint> {
    const endpoint = await manager.findOneBy(WebhookEndpoint, { id, workspaceId: principal.workspaceId });
    if (!endpoint) throw notFound('webhook');
    return endpoint;
  }

  private async assertRoomFor(manager: EntityManager, workspaceId: string): Promise<void> {
    // Creates in one workspace queue here on PostgreSQL, so two at the cap cannot both pass the
    // count (SQLite runs write transactions one at a time anyway).
    if (this.tx.isPostgres) await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [CREATE_LOCK_CLASS, workspaceId]);
    const count = await manager.countBy(WebhookEndpoint, { workspaceId });
    if (count >= MAX_WEBHOOKS_PER_WORKSPACE) {
      throw conflict(`a workspace has at most ${MAX_WEBHOOKS_PER_WORKSPACE} webhook endpoints; delete one before adding another`, [
        { field: 'url', message: `the workspace already has ${count} webhook endpoints` },
      ]);
    }
  }

  private async assertSafeTarget(url: string): Promise<void> {
    try {
      await vetTarget(url, { allowPrivate: this.config.webhooks.allowPrivateTargets, resolve: this.resolve });
    } catch (error) {
      if (error instanceof UnsafeTargetError) throw validationFailed('url', error.message);
      throw error;
    }
  }
}

/** `*` anywhere means all; otherwise a de-duplicated list. */
function normaliseEvents(events: string[]): string[] {
  return events.includes('*') ? ['*'] : [...new Set(events)];
}
