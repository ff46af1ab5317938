import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Tag } from './tag.entity';
import { TagsController } from './tags.controller';
import { TaggedTicketsPort } from './tagged-tickets.port';
import { TagsRepository } from './tags.repository';
import { TagsService } from './tags.service';
import { IdempotencyModule } from '@relay/idempotency';

@Module({
  imports: [IdempotencyModule, TypeOrmModule.forFeature([Tag])],
  controllers: [TagsController],
  providers: [TagsService, TagsRepository, TaggedTicketsPort],
  exports: [TagsService, TaggedTicketsPort],
})
export class TagsModule {}
