import { ApiProperty } from '@nestjs/swagger';
import { IsThreadBody, THREAD_BODY_MAX } from '@relay/common';

export class CreateNoteDto {
  @ApiProperty({ maxLength: THREAD_BODY_MAX })
  @IsThreadBody()
  body!: string;
}
