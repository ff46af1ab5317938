import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '@relay/common';

/** A POST's Idempotency-Key: claimed when the request starts, holding its response once done. */
@Entity('idempotency_keys')
export class IdempotencyKey {
  @PrimaryColumn({ type: 'varchar', length: 40 }) id!: string;
  @Column({ type: 'varchar', length: 40 }) workspaceId!: string;
  /** The API key that sent the request: another principal never gets its replay. */
  @Column({ type: 'varchar', length: 40 }) principalId!: string;
  @Column({ type: 'varchar', length: 255 }) key!: string;
  @Column({ type: 'varchar', length: 10 }) method!: string;
  /** The route's pattern with its parameter values (see normalisedPath), never the raw URL. */
  @Column({ type: 'varchar', length: 1024 }) path!: string;
  @Column({ type: 'varchar', length: 64 }) requestHash!: string;
  /** Null while the first request is still in flight. */
  @Column({ type: 'integer', nullable: true }) responseStatus!: number | null;
  @Column({ type: 'text', nullable: true }) responseBody!: string | null;
  @TimestampColumn() createdAt!: Date;
  @TimestampColumn() expiresAt!: Date;
}
