import { Body, Controller, Get, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiData, ApiErrors, ApiPage, ErrorCode, Page } from '@relay/common';
import { CurrentPrincipal, RequirePermissions } from '@relay/auth';
import type { Principal } from '@relay/auth';
import { toConversationResponse } from './conversation.mapper';
import { ConversationsService } from './conversations.service';
import { ConversationResponse } from './dto/conversation.response';
import { CreateConversationDto, CreateTicketConversationDto } from './dto/create-conversation.dto';
import { ListConversationsQuery, ListTicketConversationsQuery } from './dto/list-conversations.query';
import { Idempotent } from '@relay/idempotency';

const CREATE_NOTE =
  "Moves the ticket's updated_at. The first reply by a user sets the ticket's first_response_at; a customer reply on a pending or resolved ticket " +
  'reopens it (`ticket.status_changed`). Notes never change the status. Emits `conversation.created`.';

@ApiTags('Conversations')
@Controller('conversations')
export class ConversationsController {
  constructor(private readonly conversations: ConversationsService) {}

  @Get()
  @RequirePermissions('conversations:read')
  @ApiOperation({ operationId: 'listConversations', summary: 'List conversation entries across tickets' })
  @ApiPage(ConversationResponse)
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.InvalidCursor)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListConversationsQuery): Promise<Page<ConversationResponse>> {
    return (await this.conversations.list(principal, query)).map(toConversationResponse);
  }

  @Get(':id')
  @RequirePermissions('conversations:read')
  @ApiOperation({ operationId: 'getConversation', summary: 'Get a conversation entry' })
  @ApiData(ConversationResponse)
  @ApiErrors(ErrorCode.NotFound)
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ConversationResponse> {
    return toConversationResponse(await this.conversations.get(principal, id));
  }

  @Post()
  @Idempotent()
  @RequirePermissions('conversations:write')
  @ApiOperation({
    operationId: 'createConversation',
    summary: 'Add a reply or note to the ticket named by ticket_id',
    description: CREATE_NOTE,
  })
  @ApiData(ConversationResponse, HttpStatus.CREATED)
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.NotFound)
  async create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateConversationDto): Promise<ConversationResponse> {
    return toConversationResponse(await this.conversations.create(principal, dto.ticket_id, dto, 'ticket_id'));
  }
}

@ApiTags('Conversations')
@Controller('tickets/:id/conversations')
export class TicketConversationsController {
  constructor(private readonly conversations: ConversationsService) {}

  @Get()
  @RequirePermissions('conversations:read')
  @ApiOperation({ operationId: 'listTicketConversations', summary: "A ticket's thread, oldest first unless order=desc" })
  @ApiPage(ConversationResponse)
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.InvalidCursor, ErrorCode.NotFound)
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Query() query: ListTicketConversationsQuery,
  ): Promise<Page<ConversationResponse>> {
    return (await this.conversations.listForTicket(principal, id, query)).map(toConversationResponse);
  }

  @Post()
  @Idempotent()
  @RequirePermissions('conversations:write')
  @ApiOperation({ operationId: 'createTicketConversation', summary: 'Add a reply or note to a ticket', description: CREATE_NOTE })
  @ApiData(ConversationResponse, HttpStatus.CREATED)
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.NotFound)
  async create(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() dto: CreateTicketConversationDto,
  ): Promise<ConversationResponse> {
    return toConversationResponse(await this.conversations.create(principal, id, dto));
  }
}
