import { Body, Controller, Delete, Get, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiData, ApiErrors, ApiNoContent, ApiPage, ErrorCode, ErrorResponseDto, ListQueryDto, Page } from '@relay/common';
import { CurrentPrincipal, RequirePermissions } from '@relay/auth';
import { Idempotent, NeverStoredForReplay } from '@relay/idempotency';
import type { Principal } from '@relay/auth';
import { CreateWebhookDto } from './dto/create-webhook.dto';
import { DeliveryResponse } from './dto/delivery.response';
import { UpdateWebhookDto } from './dto/update-webhook.dto';
import { WebhookResponse, WebhookWithSecretResponse } from './dto/webhook.response';
import { toDeliveryResponse, toWebhookResponse } from './webhook.mapper';
import { MAX_WEBHOOKS_PER_WORKSPACE, WebhooksService } from './webhooks.service';

@ApiTags('Webhooks')
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @RequirePermissions('webhooks:read')
  @ApiOperation({ operationId: 'listWebhooks', summary: 'List webhook endpoints (secrets are never listed)' })
  @ApiPage(WebhookResponse)
  @ApiErrors(ErrorCode.ValidationFailed)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListQueryDto): Promise<Page<WebhookResponse>> {
    return (await this.webhooks.list(principal, query)).map(toWebhookResponse);
  }

  @Post()
  @Idempotent()
  @RequirePermissions('webhooks:write')
  @ApiOperation({ operationId: 'createWebhook', summary: 'Subscribe a URL to events; the signing secret is in the response, once' })
  @ApiData(WebhookWithSecretResponse, HttpStatus.CREATED)
  @ApiErrors(ErrorCode.ValidationFailed)
  @ApiResponse({
    status: HttpStatus.CONFLICT,
    description: `The workspace already has ${MAX_WEBHOOKS_PER_WORKSPACE} webhook endpoints (delete one first), or the same Idempotency-Key is still in flight.`,
    type: ErrorResponseDto,
  })
  @NeverStoredForReplay('secret')
  async create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateWebhookDto): Promise<WebhookWithSecretResponse> {
    const { endpoint, secret } = await this.webhooks.create(principal, dto);
    return { ...toWebhookResponse(endpoint), secret };
  }

  @Get(':id')
  @RequirePermissions('webhooks:read')
  @ApiOperation({ operationId: 'getWebhook', summary: 'Get a webhook endpoint' })
  @ApiData(WebhookResponse)
  @ApiErrors(ErrorCode.NotFound)
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<WebhookResponse> {
    return toWebhookResponse(await this.webhooks.get(principal, id));
  }

  @Patch(':id')
  @RequirePermissions('webhooks:write')
  @ApiOperation({ operationId: 'updateWebhook', summary: 'Change the URL, events, description or active flag' })
  @ApiData(WebhookResponse)
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.NotFound)
  async update(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: UpdateWebhookDto): Promise<WebhookResponse> {
    return toWebhookResponse(await this.webhooks.update(principal, id, dto));
  }

  @Delete(':id')
  @RequirePermissions('webhooks:write')
  @ApiOperation({ operationId: 'deleteWebhook', summary: 'Delete a webhook endpoint and its delivery log' })
  @ApiNoContent()
  @ApiErrors(ErrorCode.NotFound)
  async remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.webhooks.remove(principal, id);
  }

  @Post(':id/rotate-secret')
  @Idempotent()
  @RequirePermissions('webhooks:write')
  @ApiOperation({
    operationId: 'rotateWebhookSecret',
    summary: 'Issue a new signing secret (shown once); the old one keeps signing beside it for WEBHOOK_SECRET_OVERLAP_HOURS',
  })
  @ApiData(WebhookWithSecretResponse, HttpStatus.OK)
  @ApiErrors(ErrorCode.NotFound)
  @NeverStoredForReplay('secret')
  async rotateSecret(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<WebhookWithSecretResponse> {
    const { endpoint, secret } = await this.webhooks.rotateSecret(principal, id);
    return { ...toWebhookResponse(endpoint), secret };
  }

  @Post(':id/test')
  @Idempotent()
  @RequirePermissions('webhooks:write')
  @ApiOperation({ operationId: 'testWebhook', summary: 'Send a `ping` event to this endpoint; returns its delivery' })
  @ApiData(DeliveryResponse, HttpStatus.ACCEPTED, 'Queued; follow it in the delivery log.')
  @ApiErrors(ErrorCode.NotFound, ErrorCode.Conflict)
  async test(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<DeliveryResponse> {
    return toDeliveryResponse(await this.webhooks.sendTest(principal, id));
  }
}
