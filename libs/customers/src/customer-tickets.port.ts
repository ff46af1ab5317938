import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Port } from '@relay/common';

/** What the customers module needs from the tickets of a customer. The tickets module implements it. */
export interface CustomerTickets {
  /** How many tickets the customer has (a customer with tickets cannot be deleted). */
  count(manager: EntityManager, workspaceId: string, customerId: string): Promise<number>;
}

@Injectable()
export class CustomerTicketsPort extends Port<CustomerTickets> {}
