import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository, SelectQueryBuilder } from 'typeorm';
import { RelayConfig } from '@relay/common';
import { EventOutbox, EventRecord, SYSTEM_ACTOR } from '@relay/events';
import {
  AttemptOutcome,
  DeliverySender,
  DeliveryTarget,
  DeliveryTargets,
  heldAgainstDeletion,
  newDelivery,
  recordTargetHealth,
  WebhookDelivery,
} from '@relay/webhooks';
import { renderMessage } from '../message/slack-message';
import { NotificationChannel } from '../notification-channel.entity';
import { toChannelResponse } from '../notification-channel.mapper';
import type { NotificationChannelResponse } from '../dto/notification-channel.response';
import { channelWants } from './channel-filter';
import { MessageContextLoader } from './message-context-loader';
import { classifySlackResponse } from './slack-response';

declare module '@relay/events' {
  interface EventPayloads {
    'notification_channel.disabled': NotificationChannelResponse;
  }
}

/**
 * Notification channels as a delivery target. A channel takes its deliveries one at a time,
 * in event order (only the oldest pending one may be claimed, so a retry holds the line
 * instead of letting later messages overtake it), at most NOTIFY_MAX_PER_SECOND.
 */
@Injectable()
export class ChannelTarget implements DeliveryTarget {
  readonly kind = 'notification_channel' as const;
  readonly entity = NotificationChannel;

  constructor(
    targets: DeliveryTargets,
    private readonly sender: DeliverySender,
    private readonly context: MessageContextLoader,
    private readonly outbox: EventOutbox,
    private readonly config: RelayConfig,
    @InjectRepository(NotificationChannel) private readonly channels: Repository<NotificationChannel>,
  ) {
    targets.register(this);
  }

  async fanOut(manager: EntityManager, events: EventRecord[], now: Date): Promise<WebhookDelivery[]> {
    const workspaceIds = [...new Set(events.map((e) => e.workspaceId))];
    const channels = await manager.find(NotificationChannel, {
      where: { workspaceId: In(workspaceIds), active: true },
      ...heldAgainstDeletion(manager),
    });
    if (channels.length === 0) return [];
    const rows: WebhookDelivery[] = [];
    for (const event of events) {
      // A channel created after the event (a backlog after downtime) did not ask for it.
      const candidates = channels.filter(
        (c) => c.workspaceId === event.workspaceId && c.events.includes(event.type) && c.createdAt <= event.createdAt,
      );
      if (candidates.length === 0) continue;
      const { ticket, entry } = await this.context.subject(manager, event);
      for (const channel of candidates) {
        if (channelWants(channel.filter, ticket, entry?.type ?? null)) rows.push(newDelivery(this.kind, channel, event, now));
      }
    }
    return rows;
  }

  claimable(claim: SelectQueryBuilder<WebhookDelivery>, now: number): void {
    claim
      .innerJoin(NotificationChannel, 'c', 'c.id = d.channelId AND c.active = :active AND (c.pacedUntil IS NULL OR c.pacedUntil <= :now)', {
        active: true,
        now,
      })
      .innerJoin(EventRecord, 'e', 'e.id = d.eventId')
      // Head of the line: no pending delivery of the channel is for an earlier event.
      // (Raw column names: these subqueries are SQL, not property paths.)
      .andWhere(
        `NOT EXISTS (SELECT 1 FROM webhook_deliveries p INNER JOIN events pe ON pe.id = p.event_id
          WHERE p.channel_id = d.channel_id AND p.status = 'pending' AND p.id <> d.id
            AND (pe.created_at < e.created_at OR (pe.created_at = e.created_at AND pe.id < e.id)))`,
      );
    // No earlier event can still be waiting for fan-out: channels follow the outbox in event
    // order from one checkpoint, so an event's deliveries exist once any later event's do.
  }

  async attempt(deliveries: WebhookDelivery[], events: ReadonlyMap<string, EventRecord>): Promise<(AttemptOutcome | null)[]> {
    const channels = await this.channels.findBy({ id: In([...new Set(deliveries.map((d) => d.channelId!))]) });
    const channelById = new Map(channels.map((c) => [c.id, c]));
    return Promise.all(
      deliveries.map(async (delivery) => {
        const channel = channelById.get(delivery.channelId!);
        const event = events.get(delivery.eventId);
        if (!channel || !event) return null;
        // A rule's notify_channel text stands in for the channel's template, with the same placeholders.
        const ruleText = event.type === 'automation.triggered' && typeof event.context?.text === 'string' ? event.context.text : null;
        const message = renderMessage(await this.context.load(event), {
          template: ruleText ?? channel.template?.text ?? null,
          linkTemplate: channel.linkTemplate,
        });
        const result = await this.sender.post(channel.url, { 'user-agent': 'Relay-Notifications/1.0' }, JSON.stringify(message));
        return classifySlackResponse(result, new Date());
      }),
    );
  }

  async afterAttempt(manager: EntityManager, delivery: WebhookDelivery, outcome: AttemptOutcome, now: Date): Promise<number> {
    const spacing = Math.ceil(1000 / this.config.notifications.maxPerSecond);
    await manager.update(NotificationChannel, { id: delivery.channelId! }, { pacedUntil: new Date(now.getTime() + spacing) });
    const disabled = await recordTargetHealth(manager, NotificationChannel, delivery.channelId!, outcome, now);
    if (disabled !== null) {
      const channel = await manager.findOneByOrFail(NotificationChannel, { id: delivery.channelId! });
      await this.outbox.append(manager, {
        workspaceId: channel.workspaceId,
        actor: SYSTEM_ACTOR,
        type: 'notification_channel.disabled',
        data: toChannelResponse(channel),
      });
    }
    return spacing;
  }
}
