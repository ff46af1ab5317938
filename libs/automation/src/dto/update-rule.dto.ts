import { PartialType } from '@nestjs/swagger';
import { CreateRuleDto } from './create-rule.dto';

/** Every field optional; `position` moves the rule. Any PATCH checks the whole rule again. */
export class UpdateRuleDto extends PartialType(CreateRuleDto, { skipNullProperties: false }) {}
