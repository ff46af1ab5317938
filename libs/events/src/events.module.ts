import { Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventRecord } from './event.entity';
import { EventOutbox } from './event-outbox';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';

@Module({
  imports: [EventEmitterModule.forRoot(), TypeOrmModule.forFeature([EventRecord])],
  controllers: [EventsController],
  providers: [EventOutbox, EventsService],
  exports: [EventOutbox, TypeOrmModule],
})
export class EventsModule {}
