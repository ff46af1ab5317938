import { OmitType, PartialType } from '@nestjs/swagger';
import { CreateTeamDto } from './create-team.dto';

/** Every field optional; `name` and `assignment_method` are not nullable (400 on null). */
export class UpdateTeamDto extends PartialType(OmitType(CreateTeamDto, ['member_ids'] as const), { skipNullProperties: false }) {}
