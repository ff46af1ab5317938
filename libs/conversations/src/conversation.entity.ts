import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '@relay/common';
import type { AuthorType, ConversationType } from './conversation.enums';

/** One entry of a ticket's thread: a reply (the customer sees it) or an internal note. */
@Entity('conversations')
export class Conversation {
  @PrimaryColumn({ type: 'varchar', length: 40 }) id!: string;
  @Column({ type: 'varchar', length: 40 }) workspaceId!: string;
  @Column({ type: 'varchar', length: 40 }) ticketId!: string;
  @Column({ type: 'varchar', length: 16 }) type!: ConversationType;
  /** Stored exactly as given. */
  @Column({ type: 'text' }) body!: string;
  @Column({ type: 'varchar', length: 16 }) authorType!: AuthorType;
  /** The user (agent) or the ticket's customer who wrote it. */
  @Column({ type: 'varchar', length: 40, nullable: true }) authorId!: string | null;
  @TimestampColumn() createdAt!: Date;
  @TimestampColumn() updatedAt!: Date;
}
