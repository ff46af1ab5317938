import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { KeysetPaginator, ListQueryDto, notFound, Page } from '@relay/common';
import { onCommit, TransactionRunner } from '@relay/database';
import { DeliveryStatus, DeliveryTargetKind, TARGET_COLUMN, WebhookDelivery } from '../webhook-delivery.entity';
import { DELIVERIES_DUE } from './signals';

/** A target's delivery log and manual redelivery, for every kind of target. */
@Injectable()
export class DeliveryLog {
  constructor(
    @InjectRepository(WebhookDelivery) private readonly deliveries: Repository<WebhookDelivery>,
    private readonly tx: TransactionRunner,
    private readonly paginator: KeysetPaginator,
    private readonly emitter: EventEmitter2,
  ) {}

  /** The deliveries of a target the caller has already found in its workspace. */
  list(kind: DeliveryTargetKind, targetId: string, query: ListQueryDto & { status?: DeliveryStatus }): Promise<Page<WebhookDelivery>> {
    const qb = this.deliveries.createQueryBuilder('d').where(`d.${TARGET_COLUMN[kind]} = :target`, { target: targetId });
    if (query.status) qb.andWhere('d.status = :status', { status: query.status });
    const resource = kind === 'webhook' ? 'webhook_deliveries' : 'notification_deliveries';
    return this.paginator.paginate(qb, query, resource, { [kind === 'webhook' ? 'webhook' : 'channel']: targetId, status: query.status });
  }

  /**
   * Makes the delivery due now, with the same event (and so the same `webhook-id`). It is one
   * more attempt: a delivery that had used up its retries is `failed` again if this one fails too.
   */
  redeliver(workspaceId: string, kind: DeliveryTargetKind, targetId: string, deliveryId: string): Promise<WebhookDelivery> {
    return this.tx.run(async (manager) => {
      const delivery = await manager.findOneBy(WebhookDelivery, { id: deliveryId, [TARGET_COLUMN[kind]]: targetId, workspaceId });
      if (!delivery) throw notFound('delivery');
      const now = new Date();
      Object.assign(delivery, { status: 'pending', nextAttemptAt: now, lockedUntil: null, updatedAt: now });
      await manager.save(WebhookDelivery, delivery);
      onCommit(manager, () => this.emitter.emit(DELIVERIES_DUE));
      return delivery;
    });
  }

  /** Records a delivery of an event addressed to one target only (a test send), and wakes delivery. */
  async addAddressed(manager: Parameters<typeof onCommit>[0], delivery: WebhookDelivery): Promise<WebhookDelivery> {
    const saved = await manager.save(WebhookDelivery, delivery);
    onCommit(manager, () => this.emitter.emit(DELIVERIES_DUE));
    return saved;
  }
}
