import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { conflict, KeysetPaginator, ListQueryDto, newId, notFound, Page, RelayConfig, validationFailed } from '@relay/common';
import { onCommit, TransactionRunner } from '@relay/database';
import { EventOutbox } from '@relay/events';
import type { Principal } from '@relay/auth';
import { newDelivery } from './delivery/new-delivery';
import { DELIVERIES_DUE } from './delivery/signals';
import { CreateWebhookDto } from './dto/create-webhook.dto';
import { UpdateWebhookDto } from './dto/update-webhook.dto';
import { Resolver, TARGET_RESOLVER, UnsafeTargetError, vetTarget } from './target-vetting';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { generateWebhookSecret } from './webhook-secret';

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
    private readonly emitter: EventEmitter2,
    @Inject(TARGET_RESOLVER) private readonly resolve: Resolver,
  ) {}

  list(principal: Principal, query: ListQueryDto): Promise<Page<WebhookEndpoint>> {
    const qb = this.endpoints.createQueryBuilder('w').where('w.workspaceId = :ws', { ws: principal.workspaceId });
    return this.paginator.paginate(qb, query, 'webhooks', {});
  }

  async get(principal: Principal, id: string): Promise<WebhookEndpoint> {
    return this.find(this.endpoints.manager, principal, id);
  }

  async create(principal: Principal, dto: CreateWebhookDto): Promise<EndpointWithSecret> {
    await this.assertSafeTarget(dto.url);
    const secret = generateWebhookSecret();
    const now = new Date();
    const endpoint = await this.tx.run((manager) =>
      manager.save(WebhookEndpoint, {
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
      }),
    );
    return { endpoint, secret };
  }

  async update(principal: Principal, id: string, dto: UpdateWebhookDto): Promise<WebhookEndpoint> {
    if (dto.url !== undefined) await this.assertSafeTarget(dto.url);
    return this.tx.run(async (manager) => {
      const endpoint = await this.find(manager, principal, id);
      if (dto.url !== undefined) endpoint.url = dto.url;
      if (dto.events !== undefined) endpoint.events = normaliseEvents(dto.events);
      if (dto.description !== undefined) endpoint.description = dto.description;
      if (dto.active !== undefined) {
        // Re-activating is the operator saying "fixed": the failure clock starts over.
        if (dto.active && !endpoint.active) Object.assign(endpoint, { disabledReason: null, failingSince: null });
        endpoint.active = dto.active;
      }
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

  /** Records a `ping` event addressed to this endpoint only, with its delivery, and wakes delivery. */
  sendTest(principal: Principal, id: string): Promise<WebhookDelivery> {
    return this.tx.run(async (manager) => {
      const endpoint = await this.find(manager, principal, id);
      if (!endpoint.active) throw conflict('the webhook is inactive; activate it before testing', [{ field: 'active', message: 'is false' }]);
      const event = await this.outbox.appendAddressed(manager, {
        workspaceId: principal.workspaceId,
        type: 'ping',
        data: { webhook_id: endpoint.id, message: 'Relay test event' },
      });
      const delivery = await manager.save(WebhookDelivery, newDelivery(endpoint, event, new Date()));
      onCommit(manager, () => this.emitter.emit(DELIVERIES_DUE));
      return delivery;
    });
  }

  private async find(manager: EntityManager, principal: Principal, id: string): Promise<WebhookEndpoint> {
    const endpoint = await manager.findOneBy(WebhookEndpoint, { id, workspaceId: principal.workspaceId });
    if (!endpoint) throw notFound('webhook');
    return endpoint;
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
