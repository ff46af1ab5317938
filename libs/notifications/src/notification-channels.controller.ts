import { Body, Controller, Delete, Get, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiData, ApiErrors, ApiNoContent, ApiPage, ErrorCode, ListQueryDto, Page } from '@relay/common';
import { CurrentPrincipal, RequirePermissions } from '@relay/auth';
import type { Principal } from '@relay/auth';
import { Idempotent } from '@relay/idempotency';
import { ChannelDeliveryResponse } from './dto/channel-delivery.response';
import { CreateNotificationChannelDto } from './dto/create-notification-channel.dto';
import { NotificationChannelResponse } from './dto/notification-channel.response';
import { UpdateNotificationChannelDto } from './dto/update-notification-channel.dto';
import { toChannelDeliveryResponse, toChannelResponse } from './notification-channel.mapper';
import { NotificationChannelsService } from './notification-channels.service';
import { SLACK_MESSAGE_EXAMPLE } from './message/slack-message.example';

@ApiTags('Notification channels')
@Controller('notification-channels')
export class NotificationChannelsController {
  constructor(private readonly channels: NotificationChannelsService) {}

  @Get()
  @RequirePermissions('notification_channels:read')
  @ApiOperation({ operationId: 'listNotificationChannels', summary: 'List notification channels (URLs are never listed, only url_hint)' })
  @ApiPage(NotificationChannelResponse)
  @ApiErrors(ErrorCode.ValidationFailed)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListQueryDto): Promise<Page<NotificationChannelResponse>> {
    return (await this.channels.list(principal, query)).map(toChannelResponse);
  }

  @Post()
  @Idempotent()
  @RequirePermissions('notification_channels:write')
  @ApiOperation({
    operationId: 'createNotificationChannel',
    summary: 'Send events to a Slack incoming webhook',
    description:
      'Matching events are posted as Slack incoming-webhook messages (`text` always, plus Block Kit `blocks`), one at a time per channel, in event order, at most `NOTIFY_MAX_PER_SECOND` per channel, retried like webhooks. Slack answering 429 is waited out (Retry-After) without using up an attempt; 400 fails the message at once; 403/404/410 also disable the channel (`notification_channel.disabled`). The URL is write-only. A message looks like:\n\n```json\n' +
      JSON.stringify(SLACK_MESSAGE_EXAMPLE, null, 2) +
      '\n```',
  })
  @ApiData(NotificationChannelResponse, HttpStatus.CREATED)
  @ApiErrors(ErrorCode.ValidationFailed)
  async create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateNotificationChannelDto): Promise<NotificationChannelResponse> {
    return toChannelResponse(await this.channels.create(principal, dto));
  }

  @Get(':id')
  @RequirePermissions('notification_channels:read')
  @ApiOperation({ operationId: 'getNotificationChannel', summary: 'Get a notification channel' })
  @ApiData(NotificationChannelResponse)
  @ApiErrors(ErrorCode.NotFound)
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<NotificationChannelResponse> {
    return toChannelResponse(await this.channels.get(principal, id));
  }

  @Patch(':id')
  @RequirePermissions('notification_channels:write')
  @ApiOperation({ operationId: 'updateNotificationChannel', summary: 'Change a channel (the URL may be replaced, never read back)' })
  @ApiData(NotificationChannelResponse)
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.NotFound)
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() dto: UpdateNotificationChannelDto,
  ): Promise<NotificationChannelResponse> {
    return toChannelResponse(await this.channels.update(principal, id, dto));
  }

  @Delete(':id')
  @RequirePermissions('notification_channels:write')
  @ApiOperation({ operationId: 'deleteNotificationChannel', summary: 'Delete a channel and its delivery log' })
  @ApiNoContent()
  @ApiErrors(ErrorCode.NotFound)
  async remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.channels.remove(principal, id);
  }

  @Post(':id/test')
  @Idempotent()
  @RequirePermissions('notification_channels:write')
  @ApiOperation({
    operationId: 'testNotificationChannel',
    summary: 'Send a test message (a `ping` event) to this channel; returns its delivery',
  })
  @ApiData(ChannelDeliveryResponse, HttpStatus.ACCEPTED, 'Queued; follow it in the delivery log.')
  @ApiErrors(ErrorCode.NotFound, ErrorCode.Conflict)
  async test(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ChannelDeliveryResponse> {
    return toChannelDeliveryResponse(await this.channels.sendTest(principal, id));
  }
}
