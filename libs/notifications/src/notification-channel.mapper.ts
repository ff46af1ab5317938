import { iso } from '@relay/common';
import { deliveryState } from '@relay/webhooks';
import type { WebhookDelivery } from '@relay/webhooks';
import { maskUrl } from './channel-url';
import { ChannelDeliveryResponse } from './dto/channel-delivery.response';
import { NotificationChannelResponse } from './dto/notification-channel.response';
import { NotificationChannel } from './notification-channel.entity';

/** The channel as the API shows it: never its URL, only `url_hint`. */
export function toChannelResponse(channel: NotificationChannel): NotificationChannelResponse {
  return {
    id: channel.id,
    name: channel.name,
    type: channel.type,
    url_hint: maskUrl(channel.url),
    events: channel.events,
    filter: channel.filter,
    template: channel.template,
    link_template: channel.linkTemplate,
    active: channel.active,
    disabled_reason: channel.disabledReason,
    created_at: iso(channel.createdAt),
    updated_at: iso(channel.updatedAt),
  };
}

export function toChannelDeliveryResponse(delivery: WebhookDelivery): ChannelDeliveryResponse {
  return { id: delivery.id, channel_id: delivery.channelId!, ...deliveryState(delivery) };
}
