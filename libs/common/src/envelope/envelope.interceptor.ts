import { CallHandler, ExecutionContext, Injectable, NestInterceptor, StreamableFile } from '@nestjs/common';
import { map, Observable } from 'rxjs';
import { Page } from './page';

/** Wraps every result in the contract's envelope: `{ data }`, or `{ data, meta }` for a Page. */
@Injectable()
export class EnvelopeInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((result: unknown) => {
        if (result === undefined || result instanceof StreamableFile) return result;
        if (result instanceof Page) return { data: result.items, meta: result.meta };
        return { data: result };
      }),
    );
  }
}
