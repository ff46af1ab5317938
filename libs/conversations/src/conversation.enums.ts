/** Contract §5 enums of conversation entries. */
export const CONVERSATION_TYPES = ['reply', 'note'] as const;
export type ConversationType = (typeof CONVERSATION_TYPES)[number];

/** Who wrote an entry: `automation` is a rule's `add_note` (author_id: the rule id), never a caller's choice. */
export const AUTHOR_TYPES = ['user', 'customer', 'automation'] as const;
export type AuthorType = (typeof AUTHOR_TYPES)[number];

/** The author types a caller may post as. */
export const POSTED_AUTHOR_TYPES = ['user', 'customer'] as const;
export type PostedAuthorType = (typeof POSTED_AUTHOR_TYPES)[number];
