import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { BulkTable, bulkInsert, TransactionRunner } from '@relay/database';
import { Customer } from './customer.entity';

const COLUMNS = 'id, workspace_id, email, email_key, name, phone, external_id, created_at, updated_at';
// Fixed text: every ticket created by email may run it. Another request may insert the same
// email (or external_id) first: then nothing is returned and the caller reads theirs.
const INSERT_IF_NEW = `INSERT INTO customers (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`;

export const CUSTOMER_BULK_COLUMNS = [
  'id',
  'workspace_id',
  'email',
  'email_key',
  'name',
  'phone',
  'external_id',
  'created_at',
  'updated_at',
] as const;
const CUSTOMERS: BulkTable = {
  name: 'customers',
  columns: CUSTOMER_BULK_COLUMNS,
  pgTypes: ['varchar', 'varchar', 'varchar', 'varchar', 'varchar', 'varchar', 'varchar', 'bigint', 'bigint'],
};

/** The customers list's filters, normalised. */
export interface CustomerListFilters {
  emailKey?: string | null;
  externalId?: string;
  /** Lower-cased, LIKE-escaped: matched anywhere in the name or email. */
  contains?: string;
  createdAfter?: number;
  updatedAfter?: number;
}

/**
 * The only code that touches the `customers` table. Lookups by key go through the runner's
 * fixed-text statements (TransactionRunner.select), writes through one insert-or-ignore
 * statement and the ORM's update/delete.
 */
@Injectable()
export class CustomersRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
  ) {}

  /** For reads outside any transaction. */
  get outside(): EntityManager {
    return this.dataSource.manager;
  }

  listQuery(workspaceId: string, filters: CustomerListFilters): SelectQueryBuilder<Customer> {
    const qb = this.dataSource.manager.createQueryBuilder(Customer, 'c').where('c.workspaceId = :ws', { ws: workspaceId });
    if (filters.emailKey !== undefined) qb.andWhere('c.emailKey = :email', { email: filters.emailKey });
    if (filters.externalId !== undefined) qb.andWhere('c.externalId = :externalId', { externalId: filters.externalId });
    if (filters.contains !== undefined)
      qb.andWhere("(LOWER(c.name) LIKE :q ESCAPE '\\' OR c.emailKey LIKE :q ESCAPE '\\')", { q: `%${filters.contains}%` });
    if (filters.createdAfter !== undefined) qb.andWhere('c.createdAt >= :createdAfter', { createdAfter: filters.createdAfter });
    if (filters.updatedAfter !== undefined) qb.andWhere('c.updatedAt >= :updatedAfter', { updatedAfter: filters.updatedAfter });
    return qb;
  }

  async find(manager: EntityManager, workspaceId: string, id: string): Promise<Customer | null> {
    return (await this.tx.select(manager, Customer, 'id = ? AND workspace_id = ?', [id, workspaceId]))[0] ?? null;
  }

  async findByEmailKey(manager: EntityManager, workspaceId: string, emailKey: string): Promise<Customer | null> {
    return (await this.tx.select(manager, Customer, 'workspace_id = ? AND email_key = ?', [workspaceId, emailKey]))[0] ?? null;
  }

  async findByExternalId(manager: EntityManager, workspaceId: string, externalId: string): Promise<Customer | null> {
    return (await this.tx.select(manager, Customer, 'workspace_id = ? AND external_id = ?', [workspaceId, externalId]))[0] ?? null;
  }

  /** Inserts the customer unless one of its unique keys is taken: false then, without aborting the transaction. */
  async insertIfNew(manager: EntityManager, customer: Customer): Promise<boolean> {
    const { id, workspaceId, email, emailKey, name, phone, externalId, createdAt, updatedAt } = customer;
    const values = [id, workspaceId, email, emailKey, name, phone, externalId, createdAt.getTime(), updatedAt.getTime()];
    return (await this.tx.query(manager, INSERT_IF_NEW, values)).length > 0;
  }

  async update(manager: EntityManager, id: string, fields: Partial<Customer>): Promise<void> {
    await manager.update(Customer, { id }, fields);
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.delete(Customer, { id });
  }

  countInWorkspace(workspaceId: string): Promise<number> {
    return this.dataSource.manager.countBy(Customer, { workspaceId });
  }

  /** A bulk load (the demo seeder): rows in CUSTOMER_BULK_COLUMNS order, no events. */
  bulkInsert(manager: EntityManager, rows: unknown[][]): Promise<void> {
    return bulkInsert(manager, this.tx.isPostgres, CUSTOMERS, rows);
  }

  /** PostgreSQL: fresh planner statistics after a bulk load. */
  async analyze(): Promise<void> {
    await this.dataSource.query('ANALYZE customers');
  }
}

/**
 * For queries of other tables that filter by customer email on a hot path (one query, not two):
 * a subquery of the ids of the workspace's customers with that email key, given the names of the
 * workspace and email-key parameters.
 */
export function customerIdsByEmailSql(workspaceParam: string, emailKeyParam: string): string {
  return `SELECT c.id FROM customers c WHERE c.workspace_id = :${workspaceParam} AND c.email_key = :${emailKeyParam}`;
}
