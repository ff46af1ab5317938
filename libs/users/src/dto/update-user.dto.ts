import { ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { CreateUserDto } from './create-user.dto';

export class UpdateUserDto extends PartialType(PickType(CreateUserDto, ['name', 'role'] as const)) {
  @ApiPropertyOptional({ description: 'false deactivates the user: their keys answer 401 from the next request.' })
  @IsOptional() @IsBoolean()
  active?: boolean;
}
