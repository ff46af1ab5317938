import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsModule } from '@relay/events';
import { Customer } from './customer.entity';
import { CustomersController } from './customers.controller';
import { CustomerTicketsPort } from './customer-tickets.port';
import { CustomersRepository } from './customers.repository';
import { CustomersService } from './customers.service';
import { IdempotencyModule } from '@relay/idempotency';

@Module({
  imports: [IdempotencyModule, TypeOrmModule.forFeature([Customer]), EventsModule],
  controllers: [CustomersController],
  providers: [CustomersService, CustomersRepository, CustomerTicketsPort],
  exports: [CustomersService, CustomersRepository, CustomerTicketsPort],
})
export class CustomersModule {}
