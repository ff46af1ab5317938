import { ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { IsOmittable } from '@relay/common';
import { CreateUserDto } from './create-user.dto';

/** Every field optional, none nullable: an explicit null is a 400 naming the field. */
export class UpdateUserDto extends PartialType(PickType(CreateUserDto, ['name', 'role'] as const), { skipNullProperties: false }) {
  @ApiPropertyOptional({ description: 'false deactivates the user: their keys answer 401 from the next request.' })
  @IsOmittable()
  @IsBoolean()
  active?: boolean;
}
