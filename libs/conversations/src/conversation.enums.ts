/** Contract §5 enums of conversation entries. */
export const CONVERSATION_TYPES = ['reply', 'note'] as const;
export type ConversationType = (typeof CONVERSATION_TYPES)[number];

export const AUTHOR_TYPES = ['user', 'customer'] as const;
export type AuthorType = (typeof AUTHOR_TYPES)[number];
