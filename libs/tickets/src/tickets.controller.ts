import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiOperation, ApiParam, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { ApiData, ApiErrors, ApiNoContent, ApiPage, EnvelopedJson, ErrorCode } from '@relay/common';
import { CurrentPrincipal, RequirePermissions } from '@relay/auth';
import type { Principal } from '@relay/auth';
import { CreateTicketDto } from './dto/create-ticket.dto';
import { ExportTicketsQuery } from './dto/export-tickets.query';
import { ListTicketsQuery } from './dto/list-tickets.query';
import { AddTicketTagsDto } from './dto/ticket-tags.dto';
import { TicketResponse } from './dto/ticket.response';
import { UpdateTicketDto } from './dto/update-ticket.dto';
import { AssignTicketDto } from './dto/assign-ticket.dto';
import { toTicketResponse } from './ticket.mapper';
import { TicketListing } from './listing/ticket-listing';
import { TicketsExportService } from './export/tickets-export.service';
import { TicketsService } from './tickets.service';
import { Idempotent } from '@relay/idempotency';

const EVENTS_NOTE =
  'Emits `ticket.status_changed` (changes.status) when the status changes and `ticket.updated` (changes of the other fields) when anything else changes; a request that changes nothing emits nothing and keeps updated_at.';

@ApiTags('Tickets')
@Controller('tickets')
export class TicketsController {
  constructor(
    private readonly tickets: TicketsService,
    private readonly exporter: TicketsExportService,
    private readonly listing: TicketListing,
  ) {}

  @Get()
  @RequirePermissions('tickets:read')
  @ApiOperation({ operationId: 'listTickets', summary: 'List tickets; every filter combines with the others (AND)' })
  @ApiPage(TicketResponse)
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.InvalidCursor)
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListTicketsQuery): Promise<EnvelopedJson> {
    return this.listing.rendered(principal, query);
  }

  // Declared before `:id` so "export" is never read as a ticket id.
  @Get('export')
  @RequirePermissions('tickets:read')
  @ApiOperation({
    operationId: 'exportTickets',
    summary: 'Stream every ticket matching the /tickets filters, as NDJSON or CSV',
    description:
      'No paging: the whole result is streamed in constant memory. NDJSON: one ticket per line, shaped as the API returns it. ' +
      'CSV (RFC 4180): a header row, then the ticket fields in API order, tags joined by `;`, null as an empty cell, CRLF line ends. ' +
      "A cell a spreadsheet would run as a formula (first character `=`, `+`, `-`, `@`, tab or CR, and not a plain number) is written with a leading `'` (OWASP's CSV-injection advice); NDJSON stays verbatim.",
  })
  @ApiResponse({
    status: HttpStatus.OK,
    description: 'The matching tickets, newest first unless sort/order say otherwise.',
    content: {
      'application/x-ndjson': { schema: { type: 'string', example: '{"id":"tkt_…","number":1,"subject":"…",…}\n' } },
      'text/csv': { schema: { type: 'string', example: 'id,number,subject,status,priority,tags,…\r\n' } },
    },
  })
  @ApiErrors(ErrorCode.ValidationFailed)
  async export(@CurrentPrincipal() principal: Principal, @Query() query: ExportTicketsQuery): Promise<StreamableFile> {
    const { stream, contentType, filename } = this.exporter.export(principal, query);
    return new StreamableFile(stream, { type: contentType, disposition: `attachment; filename="${filename}"` });
  }

  @Post()
  @Idempotent()
  @RequirePermissions('tickets:write')
  @ApiOperation({
    operationId: 'createTicket',
    summary: 'Open a ticket',
    description:
      'Give exactly one of customer_email (found or created) and customer_id. Emits `ticket.created`, and `conversation.created` for a description.',
  })
  @ApiData(TicketResponse, HttpStatus.CREATED)
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.NotFound, ErrorCode.Conflict)
  async create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateTicketDto): Promise<TicketResponse> {
    return toTicketResponse(await this.tickets.create(principal, dto));
  }

  @Get(':id')
  @RequirePermissions('tickets:read')
  @ApiOperation({ operationId: 'getTicket', summary: 'Get a ticket' })
  @ApiData(TicketResponse)
  @ApiErrors(ErrorCode.NotFound)
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<TicketResponse> {
    return toTicketResponse(await this.tickets.get(principal, id));
  }

  @Patch(':id')
  @RequirePermissions('tickets:write')
  @ApiOperation({
    operationId: 'updateTicket',
    summary: 'Change subject, status, priority, tags (replaces the set) or assignee',
    description: EVENTS_NOTE,
  })
  @ApiData(TicketResponse)
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.NotFound)
  async update(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: UpdateTicketDto): Promise<TicketResponse> {
    return toTicketResponse(await this.tickets.update(principal, id, dto));
  }

  @Post(':id/assign')
  @Idempotent()
  @RequirePermissions('tickets:write')
  @ApiOperation({
    operationId: 'assignTicket',
    summary: 'Run automatic assignment now: the ticket takes the next turn of its team (or of team_id, which becomes its team)',
    description:
      'The current assignee is replaced by the team’s next eligible member (round_robin or least_loaded). With nobody eligible the ticket waits ' +
      'unassigned (`meta.assignment: "waiting"`) and is assigned, oldest first, as soon as capacity appears. 400 when the ticket has no team, ' +
      'the team’s method is `none`, or the ticket is not open|pending. Emits `ticket.updated` then `ticket.assigned` when the assignee changes.',
  })
  @HttpCode(HttpStatus.OK)
  @ApiExtraModels(TicketResponse)
  @ApiResponse({
    status: HttpStatus.OK,
    description: 'The ticket, and whether it got an assignee.',
    schema: {
      type: 'object',
      required: ['data', 'meta'],
      properties: {
        data: { $ref: getSchemaPath(TicketResponse) },
        meta: {
          type: 'object',
          required: ['assignment'],
          properties: {
            assignment: {
              type: 'string',
              enum: ['assigned', 'waiting'],
              description: '`waiting`: nobody is eligible now. Clients must tolerate values added later.',
            },
          },
        },
      },
    },
  })
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.NotFound)
  @ApiBody({ type: AssignTicketDto, examples: { team: { value: { team_id: 'team_…' } } } })
  async assign(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: AssignTicketDto): Promise<EnvelopedJson> {
    const tagged = await this.tickets.assign(principal, id, dto);
    const assignment = tagged.ticket.assigneeId === null ? 'waiting' : 'assigned';
    return new EnvelopedJson(JSON.stringify({ data: toTicketResponse(tagged), meta: { assignment } }));
  }

  @Delete(':id')
  @RequirePermissions('tickets:write')
  @ApiOperation({
    operationId: 'deleteTicket',
    summary: 'Delete a ticket and its conversation',
    description: 'Emits `ticket.deleted` with the ticket as it was.',
  })
  @ApiNoContent()
  @ApiErrors(ErrorCode.NotFound)
  async remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.tickets.remove(principal, id);
  }

  @Post(':id/tags')
  @Idempotent()
  @RequirePermissions('tickets:write')
  @ApiOperation({ operationId: 'addTicketTags', summary: 'Add tags to a ticket (unknown names create the tag)', description: EVENTS_NOTE })
  @ApiData(TicketResponse)
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.NotFound)
  async addTags(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: AddTicketTagsDto): Promise<TicketResponse> {
    return toTicketResponse(await this.tickets.addTags(principal, id, dto.tags));
  }

  @Delete(':id/tags/:name')
  @RequirePermissions('tickets:write')
  @ApiOperation({
    operationId: 'removeTicketTag',
    summary: 'Remove a tag from a ticket',
    description: `Case-insensitive; removing a tag the ticket does not carry changes nothing (still 200). ${EVENTS_NOTE}`,
  })
  @ApiParam({ name: 'name', example: 'vip', description: 'The tag name (URL-encoded).' })
  @ApiData(TicketResponse)
  @ApiErrors(ErrorCode.NotFound)
  async removeTag(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Param('name') name: string): Promise<TicketResponse> {
    return toTicketResponse(await this.tickets.removeTag(principal, id, name));
  }
}
