import { applyDecorators } from '@nestjs/common';
import { IsString, Matches, MaxLength } from 'class-validator';

/** 64 KiB of text: a long email thread pasted whole fits, a runaway payload does not. */
export const THREAD_BODY_MAX = 65536;

/** A conversation body: stored exactly as given, but never blank, and capped. */
export function IsThreadBody(): PropertyDecorator {
  return applyDecorators(IsString(), Matches(/\S/, { message: '$property must not be blank' }), MaxLength(THREAD_BODY_MAX));
}
