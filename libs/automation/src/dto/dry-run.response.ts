import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/** One field's change, as `ticket.updated` reports it. */
export const FIELD_CHANGE: SchemaObject = { type: 'object', properties: { from: {}, to: {} }, required: ['from', 'to'] };

export class DryRunConditionResponse {
  @ApiProperty({ enum: ['all', 'any'] }) group!: 'all' | 'any';
  @ApiProperty({ type: 'integer', description: 'Index within its group.' }) index!: number;
  @ApiProperty({ example: 'customer.email_domain' }) field!: string;
  @ApiProperty({ example: 'in' }) operator!: string;
  @ApiProperty({ nullable: true, example: ['acme.com'] }) value!: unknown;
  @ApiProperty({
    nullable: true,
    example: 'globex.com',
    description: 'What the condition saw on this ticket (text: its first 500 characters); the change for `changed*`.',
  })
  actual!: unknown;
  @ApiProperty() result!: boolean;
}

export class DryRunActionResponse {
  @ApiProperty({ type: 'integer' }) index!: number;
  @ApiProperty({ example: 'set_priority' }) type!: string;
  @ApiProperty({ enum: ['would_apply', 'skipped'] }) status!: 'would_apply' | 'skipped';
  @ApiPropertyOptional({
    example: 'no_change',
    description: '`no_change`, `pass_limit`, or why it could not apply (`user_inactive`, `webhook_disabled`, …).',
  })
  reason?: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: FIELD_CHANGE,
    example: { priority: { from: 'normal', to: 'high' } },
    description: 'The ticket fields it would change.',
  })
  changes!: Record<string, unknown>;
}

export class DryRunEmitResponse {
  @ApiProperty({ example: 'ticket.updated', description: 'The event a real run would append.' }) type!: string;
  @ApiProperty({ example: 'rul_…' }) rule_id!: string;
}

export class DryRunPassEntryResponse {
  @ApiProperty({ example: 'rul_…' }) rule_id!: string;
  @ApiProperty({ type: 'integer' }) position!: number;
  @ApiProperty() matched!: boolean;
  @ApiProperty() fired!: boolean;
  @ApiProperty({ description: 'It fired with `stop_processing`: the rules after it did not run.' }) stopped!: boolean;
}

export class DryRunTicketResult {
  @ApiProperty({ example: 'tkt_…' }) ticket_id!: string;
  @ApiProperty({ example: 1042 }) number!: number;
  @ApiProperty({ description: 'Whether the rule’s conditions hold (in `pass` mode, on the ticket as earlier rules left it).' })
  matched!: boolean;
  @ApiProperty({ type: [DryRunConditionResponse], description: 'Every condition, all evaluated.' })
  conditions!: DryRunConditionResponse[];
  @ApiProperty({ type: [DryRunActionResponse], description: 'Empty when the rule does not match.' })
  actions!: DryRunActionResponse[];
  @ApiProperty({ type: [DryRunEmitResponse], description: 'The events a real run would emit, in order (every rule of the pass).' })
  would_emit!: DryRunEmitResponse[];
  @ApiProperty({ type: [DryRunPassEntryResponse], nullable: true, description: '`pass` mode: every rule of the pass, in order.' })
  pass!: DryRunPassEntryResponse[] | null;
}

export class DryRunData {
  @ApiProperty({ type: 'integer', description: 'Tickets tried in this call.' }) evaluated!: number;
  @ApiProperty({ type: 'integer', description: 'Of those, how many the rule matched.' }) matched!: number;
  @ApiProperty({ type: [DryRunTicketResult] }) results!: DryRunTicketResult[];
}

export class DryRunMeta {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 500 }) limit!: number;
  @ApiProperty({ type: String, nullable: true, description: 'With `filter`: pass back as `cursor` for the next tickets; null at the end.' })
  next_cursor!: string | null;
}

export class DryRunResponse {
  @ApiProperty({ type: DryRunData }) data!: DryRunData;
  @ApiProperty({ type: DryRunMeta }) meta!: DryRunMeta;
}
