import { Injectable, Logger } from '@nestjs/common';
import { Readable, pipeline } from 'node:stream';
import { stringify } from 'csv-stringify';
import { ListQueryDto } from '@relay/common';
import type { Principal } from '@relay/auth';
import { ExportTicketsQuery } from '../dto/export-tickets.query';
import { TICKET_FIELDS, TicketResponse } from '../dto/ticket.response';
import { TicketFilters, ticketFilters } from '../listing/ticket-filters';
import { TicketListing } from '../listing/ticket-listing';
import { TicketTagger } from '../tags/ticket-tagger';
import { toTicketResponse } from '../ticket.mapper';
import { neutraliseFormula } from './csv-cell';

/** Rows per query: memory stays bounded by one batch whatever the export's size. */
const BATCH = 1000;

export interface TicketExport {
  stream: Readable;
  contentType: string;
  filename: string;
}

/**
 * `GET /tickets/export`: every ticket matching the `/tickets` filters, read in keyset batches
 * (the same paginator as the list, so rows inserted meanwhile never cause a skip or a repeat)
 * and streamed with backpressure: the next batch is read only when the client has taken the last.
 */
@Injectable()
export class TicketsExportService {
  private readonly logger = new Logger('TicketsExport');

  constructor(
    private readonly listing: TicketListing,
    private readonly tagger: TicketTagger,
  ) {}

  /** Validates the filters now (a bad one is a 400, before any byte is sent), streams later. */
  export(principal: Principal, query: ExportTicketsQuery): TicketExport {
    const filters = ticketFilters(query);
    const batches = this.batches(principal.workspaceId, filters, query);
    if (query.format === 'csv') {
      const csv = stringify({
        header: true,
        columns: [...TICKET_FIELDS],
        record_delimiter: 'windows',
        // RFC 4180: a field holding a line break is quoted (delimiters and quotes always are).
        quoted_match: /[\r\n]/,
        cast: { string: neutraliseFormula },
      });
      const rows = Readable.from(flatten(batches, (ticket) => ({ ...ticket, tags: ticket.tags.join(';') })));
      return {
        stream: pipeline(rows, csv, (error) => this.report(error)),
        contentType: 'text/csv; charset=utf-8',
        filename: 'tickets.csv',
      };
    }
    const lines = Readable.from(ndjson(batches), { objectMode: false });
    lines.on('error', (error) => this.report(error));
    return { stream: lines, contentType: 'application/x-ndjson', filename: 'tickets.ndjson' };
  }

  private async *batches(workspaceId: string, filters: TicketFilters, query: ExportTicketsQuery): AsyncGenerator<TicketResponse[]> {
    let cursor: string | undefined;
    do {
      const position: ListQueryDto = { limit: BATCH, cursor, sort: query.sort, order: query.order };
      const page = await this.listing.batch(workspaceId, filters, position);
      yield (await this.tagger.taggedRead(page.items)).map(toTicketResponse);
      cursor = page.meta.next_cursor ?? undefined;
    } while (cursor);
  }

  /** Headers are gone by the time a batch fails: the client sees a cut-off body; we log why. */
  private report(error: Error | null | undefined): void {
    if (error && (error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') {
      this.logger.error(`ticket export failed mid-stream: ${error.message}`);
    }
  }
}

async function* ndjson(batches: AsyncIterable<TicketResponse[]>): AsyncGenerator<string> {
  for await (const batch of batches) if (batch.length) yield batch.map((ticket) => `${JSON.stringify(ticket)}\n`).join('');
}

async function* flatten<T>(batches: AsyncIterable<TicketResponse[]>, map: (ticket: TicketResponse) => T): AsyncGenerator<T> {
  for await (const batch of batches) for (const ticket of batch) yield map(ticket);
}
