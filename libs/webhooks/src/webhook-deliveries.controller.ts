import { Controller, Get, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiData, ApiErrors, ApiPage, ErrorCode, Page } from '@relay/common';
import { CurrentPrincipal, RequirePermissions } from '@relay/auth';
import type { Principal } from '@relay/auth';
import { DeliveryResponse } from './dto/delivery.response';
import { ListDeliveriesQuery } from './dto/list-deliveries.query';
import { toDeliveryResponse } from './webhook.mapper';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { Idempotent } from '@relay/idempotency';

@ApiTags('Webhooks')
@Controller('webhooks/:id/deliveries')
export class WebhookDeliveriesController {
  constructor(private readonly deliveries: WebhookDeliveriesService) {}

  @Get()
  @RequirePermissions('webhooks:read')
  @ApiOperation({ operationId: 'listWebhookDeliveries', summary: "The endpoint's delivery log: status, attempts, last response" })
  @ApiPage(DeliveryResponse)
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.NotFound)
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Query() query: ListDeliveriesQuery,
  ): Promise<Page<DeliveryResponse>> {
    return (await this.deliveries.list(principal, id, query)).map(toDeliveryResponse);
  }

  @Post(':delivery_id/redeliver')
  @Idempotent()
  @RequirePermissions('webhooks:write')
  @ApiOperation({ operationId: 'redeliverWebhookDelivery', summary: 'Attempt a delivery again now, with the same webhook-id' })
  @ApiData(DeliveryResponse, HttpStatus.ACCEPTED, 'Queued again.')
  @ApiErrors(ErrorCode.NotFound)
  async redeliver(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Param('delivery_id') deliveryId: string,
  ): Promise<DeliveryResponse> {
    return toDeliveryResponse(await this.deliveries.redeliver(principal, id, deliveryId));
  }
}
