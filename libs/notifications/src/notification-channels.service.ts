import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { conflict, KeysetPaginator, ListQueryDto, newId, notFound, Page, RelayConfig, validationFailed } from '@relay/common';
import { TransactionRunner } from '@relay/database';
import { actorOf, EventOutbox } from '@relay/events';
import type { EventRecord } from '@relay/events';
import type { Principal } from '@relay/auth';
import {
  DeliveryLog,
  holdTarget,
  newDelivery,
  Resolver,
  setTargetActive,
  TARGET_RESOLVER,
  targetsActive,
  UnsafeTargetError,
  vetTarget,
  WebhookDelivery,
} from '@relay/webhooks';
import { channelUrlProblem } from './channel-url';
import { CreateNotificationChannelDto } from './dto/create-notification-channel.dto';
import { UpdateNotificationChannelDto } from './dto/update-notification-channel.dto';
import { unknownPlaceholders } from './message/template';
import { ChannelType, NotificationChannel } from './notification-channel.entity';

/** A workspace's notification channels: their settings, and test sends. */
@Injectable()
export class NotificationChannelsService {
  constructor(
    @InjectRepository(NotificationChannel) private readonly channels: Repository<NotificationChannel>,
    private readonly tx: TransactionRunner,
    private readonly paginator: KeysetPaginator,
    private readonly config: RelayConfig,
    private readonly outbox: EventOutbox,
    private readonly log: DeliveryLog,
    @Inject(TARGET_RESOLVER) private readonly resolve: Resolver,
  ) {}

  list(principal: Principal, query: ListQueryDto): Promise<Page<NotificationChannel>> {
    const qb = this.channels.createQueryBuilder('c').where('c.workspaceId = :ws', { ws: principal.workspaceId });
    return this.paginator.paginate(qb, query, 'notification_channels', {});
  }

  /** Which of `ids` are channels of the workspace, and whether each is active. */
  activeIn(workspaceId: string, ids: string[], manager: EntityManager = this.channels.manager): Promise<Map<string, boolean>> {
    return targetsActive(manager, NotificationChannel, workspaceId, ids);
  }

  get(principal: Principal, id: string): Promise<NotificationChannel> {
    return this.find(this.channels.manager, principal, id);
  }

  async create(principal: Principal, dto: CreateNotificationChannelDto): Promise<NotificationChannel> {
    assertTemplate(dto.template);
    await this.assertUsableUrl(dto.url);
    const now = new Date();
    return this.tx.run((manager) =>
      manager.save(NotificationChannel, {
        id: newId('nch'),
        workspaceId: principal.workspaceId,
        name: dto.name,
        type: dto.type as ChannelType,
        url: dto.url,
        events: [...new Set(dto.events)],
        filter: dto.filter ?? {},
        template: dto.template ? { text: dto.template.text } : null,
        linkTemplate: dto.link_template ?? null,
        active: dto.active ?? true,
        disabledReason: null,
        failingSince: null,
        pacedUntil: null,
        createdAt: now,
        updatedAt: now,
      }),
    );
  }

  async update(principal: Principal, id: string, dto: UpdateNotificationChannelDto): Promise<NotificationChannel> {
    for (const field of ['name', 'type', 'url', 'events', 'active'] as const) {
      if (dto[field] === null) throw validationFailed(field, 'must not be null');
    }
    assertTemplate(dto.template);
    if (dto.url !== undefined) await this.assertUsableUrl(dto.url);
    return this.tx.run(async (manager) => {
      const channel = await this.find(manager, principal, id);
      if (dto.name !== undefined) channel.name = dto.name;
      if (dto.type !== undefined) channel.type = dto.type as ChannelType;
      if (dto.url !== undefined) channel.url = dto.url;
      if (dto.events !== undefined) channel.events = [...new Set(dto.events)];
      if (dto.filter !== undefined) channel.filter = dto.filter ?? {};
      if (dto.template !== undefined) channel.template = dto.template ? { text: dto.template.text } : null;
      if (dto.link_template !== undefined) channel.linkTemplate = dto.link_template;
      if (dto.active !== undefined) setTargetActive(channel, dto.active);
      channel.updatedAt = new Date();
      return manager.save(NotificationChannel, channel);
    });
  }

  async remove(principal: Principal, id: string): Promise<void> {
    await this.tx.run(async (manager) => {
      const channel = await this.find(manager, principal, id);
      await manager.delete(NotificationChannel, { id: channel.id });
    });
  }

  /** Delivers `event` (recorded addressed, see EventOutbox.appendAddressed) to this channel only, inside the caller's transaction. */
  deliverAddressed(manager: EntityManager, workspaceId: string, id: string, event: EventRecord): Promise<WebhookDelivery> {
    return this.log.addAddressed(manager, newDelivery('notification_channel', { id, workspaceId }, event, new Date()));
  }

  /** Records a `ping` event addressed to this channel only, with its delivery, and wakes delivery. */
  sendTest(principal: Principal, id: string): Promise<WebhookDelivery> {
    return this.tx.run(async (manager) => {
      const channel = await holdTarget(manager, NotificationChannel, { id, workspaceId: principal.workspaceId });
      if (!channel) throw notFound('notification_channel');
      if (!channel.active)
        throw conflict('the channel is inactive; activate it before testing', [{ field: 'active', message: 'is false' }]);
      const event = await this.outbox.appendAddressed(manager, {
        workspaceId: principal.workspaceId,
        actor: actorOf(principal),
        type: 'ping',
        data: { channel_id: channel.id, message: 'Relay test message' },
      });
      return this.log.addAddressed(manager, newDelivery('notification_channel', channel, event, new Date()));
    });
  }

  async find(manager: EntityManager, principal: Principal, id: string): Promise<NotificationChannel> {
    const channel = await manager.findOneBy(NotificationChannel, { id, workspaceId: principal.workspaceId });
    if (!channel) throw notFound('notification_channel');
    return channel;
  }

  /** Allowed host and scheme, then the §6 private-address checks. Messages name the rule, never the URL. */
  private async assertUsableUrl(url: string): Promise<void> {
    const allowPrivate = this.config.webhooks.allowPrivateTargets;
    const problem = channelUrlProblem(url, this.config.notifications.allowedHosts, allowPrivate);
    if (problem) throw validationFailed('url', problem);
    try {
      await vetTarget(url, { allowPrivate, resolve: this.resolve });
    } catch (error) {
      if (error instanceof UnsafeTargetError) throw validationFailed('url', error.message);
      throw error;
    }
  }
}

function assertTemplate(template: { text: string } | null | undefined): void {
  if (!template) return;
  const unknown = unknownPlaceholders(template.text);
  if (unknown.length) throw validationFailed('template.text', `has unknown placeholder(s): ${unknown.map((p) => `{{${p}}}`).join(', ')}`);
}
