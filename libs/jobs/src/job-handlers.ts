import { Injectable } from '@nestjs/common';
import type { JobHandler } from './job-handler';

/** The handler of each job kind, registered by the module that owns the work (jobs know none). */
@Injectable()
export class JobHandlers {
  private readonly handlers = new Map<string, JobHandler>();

  register(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  get(kind: string): JobHandler | undefined {
    return this.handlers.get(kind);
  }
}
