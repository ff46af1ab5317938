import { EntityManager } from 'typeorm';
import { diff, EventOutbox } from '@relay/events';
import type { Actor } from '@relay/events';
import { Customer } from './customer.entity';
import { toCustomerResponse } from './customer.mapper';
import { CustomerResponse } from './dto/customer.response';

declare module '@relay/events' {
  interface EventPayloads {
    'customer.created': CustomerResponse;
    'customer.updated': CustomerResponse;
    'customer.deleted': CustomerResponse;
  }
}

const TRACKED: (keyof CustomerResponse)[] = ['email', 'name', 'phone', 'external_id'];

/** The customer.* events, appended inside the transaction that made the change. */
export const customerEvents = {
  created: (outbox: EventOutbox, manager: EntityManager, actor: Actor, customer: Customer) =>
    outbox.append(manager, { workspaceId: customer.workspaceId, actor, type: 'customer.created', data: toCustomerResponse(customer) }),

  updated: (outbox: EventOutbox, manager: EntityManager, actor: Actor, before: CustomerResponse, customer: Customer) => {
    const after = toCustomerResponse(customer);
    return outbox.append(manager, {
      workspaceId: customer.workspaceId,
      actor,
      type: 'customer.updated',
      data: after,
      changes: diff(before, after, TRACKED),
    });
  },

  deleted: (outbox: EventOutbox, manager: EntityManager, actor: Actor, customer: Customer) =>
    outbox.append(manager, { workspaceId: customer.workspaceId, actor, type: 'customer.deleted', data: toCustomerResponse(customer) }),
};
