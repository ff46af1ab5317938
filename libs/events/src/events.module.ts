import { Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventRecord } from './event.entity';
import { EventOutbox } from './event-outbox';
import { OutboxReader } from './outbox-reader';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';

@Module({
  imports: [EventEmitterModule.forRoot(), TypeOrmModule.forFeature([EventRecord])],
  controllers: [EventsController],
  providers: [EventOutbox, OutboxReader, EventsService],
  exports: [EventOutbox, OutboxReader, TypeOrmModule],
})
export class EventsModule {}
