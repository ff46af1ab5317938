import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsOmittable, trimmed } from '@relay/common';
import { CHANNEL_EVENT_TYPES } from '../delivery/channel-filter';
import { CHANNEL_TYPES } from '../notification-channel.entity';
import { ChannelFilterDto } from './channel-filter.dto';
import { ChannelTemplateDto } from './channel-template.dto';

export class CreateNotificationChannelDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: '#support-escalations' })
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiProperty({ enum: CHANNEL_TYPES, enumName: 'NotificationChannelType' })
  @IsIn(CHANNEL_TYPES)
  type!: string;

  @ApiProperty({
    writeOnly: true,
    maxLength: 2048,
    example: 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
    description:
      'The Slack incoming-webhook URL: `https` on a host in `NOTIFICATION_ALLOWED_HOSTS` (default `hooks.slack.com`), never resolving to a private address. It is a credential: never returned (see `url_hint`).',
  })
  @IsString()
  @MaxLength(2048)
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false, allow_underscores: true },
    { message: 'must be an https URL' },
  )
  url!: string;

  @ApiProperty({ enum: CHANNEL_EVENT_TYPES, enumName: 'NotificationEventType', isArray: true, example: ['ticket.created'] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(CHANNEL_EVENT_TYPES.length)
  @IsIn(CHANNEL_EVENT_TYPES, { each: true, message: `each value in events must be one of: ${CHANNEL_EVENT_TYPES.join(', ')}` })
  events!: string[];

  @ApiPropertyOptional({ type: ChannelFilterDto })
  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => ChannelFilterDto)
  filter?: ChannelFilterDto;

  @ApiPropertyOptional({
    type: ChannelTemplateDto,
    nullable: true,
    description: 'When set, its text is the whole message; null restores the default message.',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ChannelTemplateDto)
  template?: ChannelTemplateDto | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 2048,
    example: 'https://helpdesk.example.com/tickets/{number}',
    description: "Where message titles link: an https URL in which `{id}` and `{number}` become the ticket's.",
  })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(2048)
  @IsUrl({ protocols: ['https'], require_protocol: true, require_tld: false }, { message: 'must be an https URL' })
  @Matches(/^[^<>|\s]*$/, { message: 'must not contain <, >, | or spaces' })
  link_template?: string | null;

  @ApiPropertyOptional({ default: true, description: 'Inactive channels receive nothing; re-activating clears disabled_reason.' })
  @IsOmittable()
  @IsBoolean()
  active?: boolean;
}
