import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { KeysetPaginator, notFound, Page } from '@relay/common';
import { onCommit, TransactionRunner } from '@relay/database';
import type { Principal } from '@relay/auth';
import { DELIVERIES_DUE } from './delivery/signals';
import { ListDeliveriesQuery } from './dto/list-deliveries.query';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';

/** The delivery log of an endpoint, and manual redelivery. */
@Injectable()
export class WebhookDeliveriesService {
  constructor(
    @InjectRepository(WebhookEndpoint) private readonly endpoints: Repository<WebhookEndpoint>,
    @InjectRepository(WebhookDelivery) private readonly deliveries: Repository<WebhookDelivery>,
    private readonly tx: TransactionRunner,
    private readonly paginator: KeysetPaginator,
    private readonly emitter: EventEmitter2,
  ) {}

  async list(principal: Principal, webhookId: string, query: ListDeliveriesQuery): Promise<Page<WebhookDelivery>> {
    const endpoint = await this.endpoints.findOneBy({ id: webhookId, workspaceId: principal.workspaceId });
    if (!endpoint) throw notFound('webhook');
    const qb = this.deliveries.createQueryBuilder('d').where('d.endpointId = :endpoint', { endpoint: endpoint.id });
    if (query.status) qb.andWhere('d.status = :status', { status: query.status });
    return this.paginator.paginate(qb, query, 'webhook_deliveries', { webhook: endpoint.id, status: query.status });
  }

  /**
   * Makes the delivery due now, with the same event and so the same `webhook-id`. It is one more
   * attempt: a delivery that had used up its retries is `failed` again if this one fails too.
   */
  redeliver(principal: Principal, webhookId: string, deliveryId: string): Promise<WebhookDelivery> {
    return this.tx.run(async (manager) => {
      const delivery = await manager.findOneBy(WebhookDelivery, { id: deliveryId, endpointId: webhookId, workspaceId: principal.workspaceId });
      if (!delivery) throw notFound('delivery');
      const now = new Date();
      Object.assign(delivery, { status: 'pending', nextAttemptAt: now, lockedUntil: null, updatedAt: now });
      await manager.save(WebhookDelivery, delivery);
      onCommit(manager, () => this.emitter.emit(DELIVERIES_DUE));
      return delivery;
    });
  }
}
