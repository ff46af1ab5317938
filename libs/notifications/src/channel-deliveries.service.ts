import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Page } from '@relay/common';
import type { Principal } from '@relay/auth';
import { DeliveryLog, ListDeliveriesQuery, WebhookDelivery } from '@relay/webhooks';
import { NotificationChannelsService } from './notification-channels.service';

/** A channel's delivery log and manual redelivery, kept by the webhook engine's DeliveryLog. */
@Injectable()
export class ChannelDeliveriesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly channels: NotificationChannelsService,
    private readonly log: DeliveryLog,
  ) {}

  async list(principal: Principal, channelId: string, query: ListDeliveriesQuery): Promise<Page<WebhookDelivery>> {
    const channel = await this.channels.find(this.dataSource.manager, principal, channelId);
    return this.log.list('notification_channel', channel.id, query);
  }

  redeliver(principal: Principal, channelId: string, deliveryId: string): Promise<WebhookDelivery> {
    return this.log.redeliver(principal.workspaceId, 'notification_channel', channelId, deliveryId);
  }
}
