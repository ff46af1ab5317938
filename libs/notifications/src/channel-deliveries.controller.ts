import { Controller, Get, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiData, ApiErrors, ApiPage, ErrorCode, Page } from '@relay/common';
import { CurrentPrincipal, RequirePermissions } from '@relay/auth';
import type { Principal } from '@relay/auth';
import { Idempotent } from '@relay/idempotency';
import { ListDeliveriesQuery } from '@relay/webhooks';
import { ChannelDeliveriesService } from './channel-deliveries.service';
import { ChannelDeliveryResponse } from './dto/channel-delivery.response';
import { toChannelDeliveryResponse } from './notification-channel.mapper';

@ApiTags('Notification channels')
@Controller('notification-channels/:id/deliveries')
export class ChannelDeliveriesController {
  constructor(private readonly deliveries: ChannelDeliveriesService) {}

  @Get()
  @RequirePermissions('notification_channels:read')
  @ApiOperation({
    operationId: 'listNotificationChannelDeliveries',
    summary: "The channel's delivery log: status, attempts, Slack's last answer",
  })
  @ApiPage(ChannelDeliveryResponse)
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.NotFound)
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Query() query: ListDeliveriesQuery,
  ): Promise<Page<ChannelDeliveryResponse>> {
    return (await this.deliveries.list(principal, id, query)).map(toChannelDeliveryResponse);
  }

  @Post(':delivery_id/redeliver')
  @Idempotent()
  @RequirePermissions('notification_channels:write')
  @ApiOperation({
    operationId: 'redeliverNotificationChannelDelivery',
    summary: 'Attempt a message again now (it takes its place in the channel by event order)',
  })
  @ApiData(ChannelDeliveryResponse, HttpStatus.ACCEPTED, 'Queued again.')
  @ApiErrors(ErrorCode.NotFound)
  async redeliver(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Param('delivery_id') deliveryId: string,
  ): Promise<ChannelDeliveryResponse> {
    return toChannelDeliveryResponse(await this.deliveries.redeliver(principal, id, deliveryId));
  }
}
