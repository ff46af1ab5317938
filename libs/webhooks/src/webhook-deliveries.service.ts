import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { notFound, Page } from '@relay/common';
import type { Principal } from '@relay/auth';
import { DeliveryLog } from './delivery/delivery-log';
import { ListDeliveriesQuery } from './dto/list-deliveries.query';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';

/** The delivery log of an endpoint, and manual redelivery. */
@Injectable()
export class WebhookDeliveriesService {
  constructor(
    @InjectRepository(WebhookEndpoint) private readonly endpoints: Repository<WebhookEndpoint>,
    private readonly log: DeliveryLog,
  ) {}

  async list(principal: Principal, webhookId: string, query: ListDeliveriesQuery): Promise<Page<WebhookDelivery>> {
    const endpoint = await this.endpoints.findOneBy({ id: webhookId, workspaceId: principal.workspaceId });
    if (!endpoint) throw notFound('webhook');
    return this.log.list('webhook', endpoint.id, query);
  }

  redeliver(principal: Principal, webhookId: string, deliveryId: string): Promise<WebhookDelivery> {
    return this.log.redeliver(principal.workspaceId, 'webhook', webhookId, deliveryId);
  }
}
