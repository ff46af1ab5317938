import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUrl, MaxLength } from 'class-validator';
import { IsOmittable, trimmed } from '@relay/common';
import { EVENT_TYPES } from '@relay/events';

export const SUBSCRIBABLE = [...EVENT_TYPES, '*'] as const;

export class CreateWebhookDto {
  @ApiProperty({
    example: 'https://example.com/hooks/relay',
    maxLength: 2048,
    description: 'http(s) URL. Hosts resolving to loopback, private, link-local or metadata addresses are refused.',
  })
  @Transform(trimmed)
  @IsString()
  @MaxLength(2048)
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false, allow_underscores: true },
    { message: 'must be an http(s) URL' },
  )
  url!: string;

  @ApiProperty({
    enum: SUBSCRIBABLE,
    enumName: 'WebhookEventFilter',
    isArray: true,
    example: ['ticket.created'],
    description:
      '`["*"]` subscribes to every event type. `automation.triggered` is only ever sent to the endpoint a rule\'s `send_webhook` names, whatever the subscription. More types may be added: tolerate unknown ones.',
  })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(SUBSCRIBABLE.length)
  @IsIn(SUBSCRIBABLE, { each: true, message: `each value in events must be one of: ${SUBSCRIBABLE.join(', ')}` })
  events!: string[];

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 500, example: 'CRM sync', description: '`null` clears it.' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(500)
  description?: string | null;

  @ApiPropertyOptional({ default: true, description: 'Inactive endpoints receive nothing; re-activating clears disabled_reason.' })
  @IsOmittable()
  @IsBoolean()
  active?: boolean;
}
