import { ApiProperty } from '@nestjs/swagger';
import { CHANNEL_EVENT_TYPES } from '../delivery/channel-filter';
import { CHANNEL_TYPES } from '../notification-channel.entity';
import type { ChannelType } from '../notification-channel.entity';
import { ChannelFilterDto } from './channel-filter.dto';
import { ChannelTemplateDto } from './channel-template.dto';

export class NotificationChannelResponse {
  @ApiProperty({ example: 'nch_3Jd…' }) id!: string;
  @ApiProperty({ example: '#support-escalations' }) name!: string;
  @ApiProperty({ enum: CHANNEL_TYPES, enumName: 'NotificationChannelType' }) type!: ChannelType;
  @ApiProperty({
    example: 'https://hooks.slack.com/…XXXX',
    description: 'The URL masked (scheme, host and its last characters), to recognise it. The URL itself is write-only and never returned.',
  })
  url_hint!: string;
  @ApiProperty({ enum: CHANNEL_EVENT_TYPES, enumName: 'NotificationEventType', isArray: true }) events!: string[];
  @ApiProperty({ type: ChannelFilterDto }) filter!: ChannelFilterDto;
  @ApiProperty({ type: ChannelTemplateDto, nullable: true }) template!: ChannelTemplateDto | null;
  @ApiProperty({ type: String, nullable: true }) link_template!: string | null;
  @ApiProperty() active!: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why Relay disabled the channel (Slack answered 403/404/410, or 5 days of failed deliveries); null otherwise.',
  })
  disabled_reason!: string | null;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time' }) updated_at!: string;
}
