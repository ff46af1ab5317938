import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { StorageSpace } from '@relay/database';

/** Readiness of the database for writes: down while it has no room left (see StorageSpace). */
@Injectable()
export class StorageHealthIndicator {
  constructor(
    private readonly space: StorageSpace,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async check(key = 'storage') {
    const indicator = this.indicators.check(key);
    return (await this.space.writable())
      ? indicator.up()
      : indicator.down({ message: 'the database has run out of storage space; writes fail' });
  }
}
