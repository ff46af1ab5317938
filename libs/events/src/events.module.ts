import { Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventRecord } from './event.entity';
import { EventOutbox } from './event-outbox';

@Module({
  imports: [EventEmitterModule.forRoot(), TypeOrmModule.forFeature([EventRecord])],
  providers: [EventOutbox],
  exports: [EventOutbox, TypeOrmModule],
})
export class EventsModule {}
