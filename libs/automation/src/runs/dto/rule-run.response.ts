import { ApiProperty } from '@nestjs/swagger';
import { EventActor } from '@relay/events';
import { RULE_RUN_ACTION_STATUSES, RULE_RUN_STATUSES } from '../rule-run-statuses';
import type { RuleRunStatus } from '../rule-run.entity';
import type { RuleRunActionStatus } from '../rule-run-statuses';

/** One action of a run, as it went. */
export class RuleRunActionResponse {
  @ApiProperty({ type: 'integer', description: "The action's index in the rule's `actions` (0-based)." }) index!: number;
  @ApiProperty({ example: 'set_priority' }) type!: string;
  @ApiProperty({
    enum: RULE_RUN_ACTION_STATUSES,
    enumName: 'RuleRunActionStatus',
    description: '`skipped` with `error: "no_change"` when it changed nothing. More values may be added: tolerate unknown ones.',
  })
  status!: RuleRunActionStatus;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object', properties: { from: {}, to: {} } },
    example: { priority: { from: 'normal', to: 'high' } },
    description: 'What it changed on the ticket, `{field: {from, to}}`; empty when nothing.',
  })
  changes!: Record<string, { from: unknown; to: unknown }>;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'user_inactive',
    description: 'Why it was skipped or failed (a code); null when it applied.',
  })
  error!: string | null;
}

/** One firing of a rule on a ticket (contract §11 run log). */
export class RuleRunResponse {
  @ApiProperty({ example: 'run_8Kq2…' }) id!: string;
  @ApiProperty() rule_id!: string;
  @ApiProperty({ type: 'integer', description: "The rule's `version` when it ran." }) rule_version!: number;
  @ApiProperty() ticket_id!: string;
  @ApiProperty({
    example: 'ticket.created',
    description:
      'What started the run: the event of the pass (`ticket.created`, `ticket.updated`, `conversation.created`) or `manual` (`POST /rules/{id}/run`).',
  })
  trigger!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The event that started the pass; null for a manual run.' })
  trigger_event_id!: string | null;
  @ApiProperty({ type: EventActor, description: 'Who caused the triggering change (for a manual run: who started it).' })
  actor!: EventActor;
  @ApiProperty({
    enum: RULE_RUN_STATUSES,
    enumName: 'RuleRunStatus',
    description: '`applied`: no action failed; `partially_failed`: some did; `failed`: every one did. More values may be added.',
  })
  status!: RuleRunStatus;
  @ApiProperty({ type: [RuleRunActionResponse] }) actions!: RuleRunActionResponse[];
  @ApiProperty({ format: 'date-time' }) created_at!: string;
}
