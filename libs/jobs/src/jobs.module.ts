import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Job } from './job.entity';
import { JobHandlers } from './job-handlers';
import { JobRunner } from './job-runner';
import { JobsController } from './jobs.controller';
import { JobsRepository } from './jobs.repository';
import { JobsService } from './jobs.service';

/**
 * Background jobs: resumable batch work (contract §11 manual runs). Knows no kind of work:
 * the module that owns one registers its JobHandler. Imported once, by the API, which runs the jobs.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Job])],
  controllers: [JobsController],
  providers: [JobsRepository, JobsService, JobHandlers, JobRunner],
  exports: [JobsService, JobHandlers],
})
export class JobsModule {}
