import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { PLACEHOLDERS, TEMPLATE_MAX_LENGTH } from '../message/template';

export class ChannelTemplateDto {
  @ApiProperty({
    maxLength: TEMPLATE_MAX_LENGTH,
    example: ':ticket: #{{ticket.number}} {{ticket.subject}} is {{ticket.status}} — {{link}}',
    description: `Slack mrkdwn with logic-less placeholders: ${PLACEHOLDERS.map((p) => `\`{{${p}}}\``).join(', ')}. An unknown placeholder is refused (400). Values are escaped (\`&\`, \`<\`, \`>\`), so they never form mentions or links.`,
  })
  @IsString()
  @MinLength(1)
  @MaxLength(TEMPLATE_MAX_LENGTH)
  text!: string;
}
