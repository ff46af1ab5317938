import { Column, ColumnOptions } from 'typeorm';
import { epochMs } from './timestamp';

/** A timestamp column stored as epoch milliseconds (see epochMs). */
export function TimestampColumn(options: Pick<ColumnOptions, 'name' | 'nullable'> = {}): PropertyDecorator {
  return Column({ type: 'bigint', transformer: epochMs, nullable: options.nullable ?? false, name: options.name });
}
