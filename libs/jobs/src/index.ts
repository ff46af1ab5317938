export * from './jobs.module';
export * from './jobs.service';
export * from './job-handlers';
export * from './job-handler';
export * from './job.entity';
export * from './job.mapper';
export * from './dto/job.response';
