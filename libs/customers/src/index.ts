export * from './customers.module';
export * from './customers.service';
export * from './customer.entity';
export * from './customer.mapper';
export * from './dto/customer.response';
export * from './customer-tickets.port';
export { CUSTOMER_BULK_COLUMNS, customerIdsByEmailSql, CustomersRepository } from './customers.repository';
