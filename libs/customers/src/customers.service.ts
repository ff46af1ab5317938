import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { conflict, ErrorDetail, escapeLike, KeysetPaginator, newId, notFound, Page, validationFailed } from '@relay/common';
import { constraintViolation, TransactionRunner } from '@relay/database';
import { actorOf, EventOutbox } from '@relay/events';
import type { Actor } from '@relay/events';
import type { Principal } from '@relay/auth';
import { Customer, emailKey } from './customer.entity';
import { customerEvents } from './customer.events';
import { CustomerTicketsPort } from './customer-tickets.port';
import { CustomersRepository } from './customers.repository';
import { toCustomerResponse } from './customer.mapper';
import { CreateCustomerDto, CustomerFieldsDto } from './dto/create-customer.dto';
import { ListCustomersQuery } from './dto/list-customers.query';
import { UpdateCustomerDto } from './dto/update-customer.dto';

/** The identifying keys of a customer: each unique per workspace. */
interface CustomerKeys {
  emailKey?: string | null;
  externalId?: string | null;
}

export interface UpsertResult {
  customer: Customer;
  created: boolean;
}

/**
 * Customers of a workspace. Every query is scoped by the caller's workspace. Uniqueness is
 * checked up front (so a 409 can name the existing record) and enforced by the database (so a
 * concurrent insert still ends in a 409, never a 500).
 */
@Injectable()
export class CustomersService {
  constructor(
    private readonly customers: CustomersRepository,
    private readonly tx: TransactionRunner,
    private readonly paginator: KeysetPaginator,
    private readonly outbox: EventOutbox,
    private readonly tickets: CustomerTicketsPort,
  ) {}

  get(principal: Principal, id: string): Promise<Customer> {
    return this.requireInWorkspace(this.customers.outside, principal.workspaceId, id);
  }

  list(principal: Principal, query: ListCustomersQuery): Promise<Page<Customer>> {
    const qb = this.customers.listQuery(principal.workspaceId, {
      emailKey: query.email === undefined ? undefined : emailKey(query.email),
      externalId: query.external_id,
      contains: query.q === undefined ? undefined : escapeLike(query.q.toLowerCase()),
      createdAfter: query.created_after ? Date.parse(query.created_after) : undefined,
      updatedAfter: query.updated_after ? Date.parse(query.updated_after) : undefined,
    });
    const { email, external_id, q, created_after, updated_after } = query;
    const after = [...(created_after ? ['created_at' as const] : []), ...(updated_after ? ['updated_at' as const] : [])];
    return this.paginator.paginate(
      qb,
      query,
      'customers',
      { email: emailKey(email), external_id, q, created_after, updated_after },
      { after },
    );
  }

  create(principal: Principal, dto: CreateCustomerDto): Promise<Customer> {
    const workspaceId = principal.workspaceId;
    const keys = { emailKey: emailKey(dto.email), externalId: dto.external_id ?? null };
    return this.tx.run(async (manager) => {
      await this.assertAvailable(manager, workspaceId, keys);
      const customer = await this.tryInsert(manager, actorOf(principal), workspaceId, { ...dto, external_id: keys.externalId });
      if (customer) return customer;
      await this.assertAvailable(manager, workspaceId, keys);
      throw conflict('a customer with this email or external_id already exists');
    });
  }

  update(principal: Principal, id: string, dto: UpdateCustomerDto): Promise<Customer> {
    const workspaceId = principal.workspaceId;
    const keys = { emailKey: dto.email === undefined ? undefined : emailKey(dto.email), externalId: dto.external_id };
    return this.guardUnique(workspaceId, keys, id, () =>
      this.tx.run(async (manager) => {
        const customer = await this.requireInWorkspace(manager, workspaceId, id);
        return this.applyChanges(manager, actorOf(principal), customer, dto);
      }),
    );
  }

  /** CRM sync: the customer with this external_id, created or updated to match. */
  upsertByExternalId(principal: Principal, externalId: string, dto: CustomerFieldsDto): Promise<UpsertResult> {
    const workspaceId = principal.workspaceId;
    if (externalId.length > 255) throw validationFailed('external_id', 'must be shorter than or equal to 255 characters');
    // Only the email can collide with another customer: the external_id is the one being synced.
    const keys = { emailKey: dto.email === undefined ? undefined : emailKey(dto.email) };
    const update = async (manager: EntityManager, existing: Customer) => ({
      customer: await this.applyChanges(manager, actorOf(principal), existing, dto),
      created: false,
    });
    return this.guardUnique(workspaceId, keys, undefined, () =>
      this.tx.run(async (manager) => {
        const existing = await this.customers.findByExternalId(manager, workspaceId, externalId);
        if (existing) return update(manager, existing);
        await this.assertAvailable(manager, workspaceId, keys);
        const customer = await this.tryInsert(manager, actorOf(principal), workspaceId, { ...dto, external_id: externalId });
        if (customer) return { customer, created: true };
        // A concurrent sync created it first: update that one, as a retry would.
        const winner = await this.customers.findByExternalId(manager, workspaceId, externalId);
        if (winner) return update(manager, winner);
        await this.assertAvailable(manager, workspaceId, keys);
        throw conflict('a customer with this email already exists');
      }),
    );
  }

  remove(principal: Principal, id: string): Promise<void> {
    return this.tx
      .run(async (manager) => {
        const customer = await this.requireInWorkspace(manager, principal.workspaceId, id);
        const tickets = await this.tickets.owner.count(manager, customer.workspaceId, customer.id);
        if (tickets > 0) throw stillHasTickets(tickets);
        await customerEvents.deleted(this.outbox, manager, actorOf(principal), customer);
        await this.customers.delete(manager, customer.id);
      })
      .catch((error: unknown) => {
        // A ticket created for this customer while it was being deleted.
        if (constraintViolation(error) === 'foreign_key') throw stillHasTickets(1);
        throw error;
      });
  }

  /** The customer `id` of `workspaceId`, or 404 (naming `field` when the id came from a body). */
  async requireInWorkspace(manager: EntityManager, workspaceId: string, id: string, field?: string): Promise<Customer> {
    const customer = await this.customers.find(manager, workspaceId, id);
    if (!customer) throw notFound('customer', field);
    return customer;
  }

  /**
   * The customer with this email (case-insensitive), created if there is none, inside the
   * caller's transaction. Insert-or-ignore makes two concurrent callers agree on one customer
   * without aborting either transaction; only the one that created it emits `customer.created`.
   */
  async findOrCreateByEmail(manager: EntityManager, actor: Actor, workspaceId: string, email: string): Promise<Customer> {
    const key = emailKey(email)!;
    const found = await this.customers.findByEmailKey(manager, workspaceId, key);
    if (found) return found;
    const candidate = this.build(workspaceId, { email: email.trim() });
    if (!(await this.customers.insertIfNew(manager, candidate))) return (await this.customers.findByEmailKey(manager, workspaceId, key))!;
    await customerEvents.created(this.outbox, manager, actor, candidate);
    return candidate;
  }

  /**
   * Inserts a new customer, or returns null when a concurrent request took its email or
   * external_id since the caller checked: insert-or-ignore skips the row without aborting the
   * transaction, so the caller can look again and answer 409 (or update the winner).
   */
  private async tryInsert(manager: EntityManager, actor: Actor, workspaceId: string, fields: CreateCustomerDto): Promise<Customer | null> {
    const customer = this.build(workspaceId, fields);
    assertIdentifiable(customer);
    if (!(await this.customers.insertIfNew(manager, customer))) return null;
    await customerEvents.created(this.outbox, manager, actor, customer);
    return customer;
  }

  private build(workspaceId: string, fields: CreateCustomerDto): Customer {
    const now = new Date();
    return Object.assign(new Customer(), {
      id: newId('cus'),
      workspaceId,
      email: fields.email ?? null,
      emailKey: emailKey(fields.email),
      name: fields.name ?? null,
      phone: fields.phone ?? null,
      externalId: fields.external_id ?? null,
      createdAt: now,
      updatedAt: now,
    });
  }

  /** Applies the given fields (null clears); emits `customer.updated` only if something changed. */
  private async applyChanges(manager: EntityManager, actor: Actor, customer: Customer, dto: UpdateCustomerDto): Promise<Customer> {
    const before = toCustomerResponse(customer);
    const next: Partial<Customer> = {};
    if (dto.email !== undefined) Object.assign(next, { email: dto.email, emailKey: emailKey(dto.email) });
    if (dto.name !== undefined) next.name = dto.name;
    if (dto.phone !== undefined) next.phone = dto.phone;
    if (dto.external_id !== undefined) next.externalId = dto.external_id;
    const changed = (Object.keys(next) as (keyof Customer)[]).filter((k) => next[k] !== customer[k]);
    if (!changed.length) return customer;

    const updated = Object.assign(new Customer(), customer, next, { updatedAt: new Date() });
    assertIdentifiable(updated);
    await this.assertAvailable(manager, customer.workspaceId, { emailKey: next.emailKey, externalId: next.externalId }, customer.id);
    await this.customers.update(manager, customer.id, { ...next, updatedAt: updated.updatedAt });
    await customerEvents.updated(this.outbox, manager, actor, before, updated);
    return updated;
  }

  /** 409 naming each existing customer that already holds one of these keys. */
  private async assertAvailable(manager: EntityManager, workspaceId: string, keys: CustomerKeys, exceptId?: string): Promise<void> {
    const taken: ErrorDetail[] = [];
    if (keys.emailKey) {
      const holder = await this.customers.findByEmailKey(manager, workspaceId, keys.emailKey);
      if (holder && holder.id !== exceptId) taken.push({ field: 'email', message: 'already taken', existing_id: holder.id });
    }
    if (keys.externalId) {
      const holder = await this.customers.findByExternalId(manager, workspaceId, keys.externalId);
      if (holder && holder.id !== exceptId) taken.push({ field: 'external_id', message: 'already taken', existing_id: holder.id });
    }
    if (taken.length) throw conflict(`a customer with this ${taken.map((d) => d.field).join(' and ')} already exists`, taken);
  }

  /**
   * Runs `work`; a unique violation (another request took the key between our check and our
   * write) becomes the same 409 the check would have given, found again outside the failed
   * transaction.
   */
  private async guardUnique<T>(workspaceId: string, keys: CustomerKeys, exceptId: string | undefined, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (constraintViolation(error) !== 'unique') throw error;
      await this.assertAvailable(this.customers.outside, workspaceId, keys, exceptId);
      throw conflict('a customer with this email or external_id already exists');
    }
  }
}

function assertIdentifiable(customer: Customer): void {
  if (!customer.email && !customer.externalId) throw validationFailed('email', 'is required unless the customer has an external_id');
}

function stillHasTickets(count: number) {
  return conflict('the customer still has tickets; delete them first', [
    { field: 'id', message: `referenced by ${count} ticket${count === 1 ? '' : 's'}`, ticket_count: count },
  ]);
}
