import { PartialType } from '@nestjs/swagger';
import { CreateNotificationChannelDto } from './create-notification-channel.dto';

/** Every field optional; only `template` and `link_template` may be null (restore the defaults). */
export class UpdateNotificationChannelDto extends PartialType(CreateNotificationChannelDto, { skipNullProperties: false }) {}
