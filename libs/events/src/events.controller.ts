import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiPage, ErrorCode, Page } from '@relay/common';
import { CurrentPrincipal, RequirePermissions } from '@relay/auth';
import type { Principal } from '@relay/auth';
import { EventResponse } from './dto/event.response';
import { ListEventsQuery } from './dto/list-events.query';
import { toEventPayload } from './event.mapper';
import { EventsService } from './events.service';

@ApiTags('Events')
@Controller('events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get()
  @RequirePermissions('events:read')
  @ApiOperation({
    operationId: 'listEvents',
    summary: 'List the events webhooks deliver, shaped exactly as their payloads (catch up after downtime)',
  })
  @ApiPage(EventResponse)
  @ApiErrors(ErrorCode.ValidationFailed)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListEventsQuery): Promise<Page<EventResponse>> {
    return (await this.events.list(principal, query)).map(toEventPayload);
  }
}
