import { TableColumnOptions, TableIndexOptions } from 'typeorm';

/** Column shapes shared by every table, so migrations stay identical on SQLite and PostgreSQL. */
export const idColumn = (): TableColumnOptions => ({ name: 'id', type: 'varchar', length: '40', isPrimary: true });
export const refColumn = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: '40',
  isNullable: nullable,
});
export const timestampColumn = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'bigint', isNullable: nullable });
export const textColumn = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});

/** The keyset-pagination indexes of a workspace-scoped table: (workspace_id, sort, id). */
export const keysetIndexes = (table: string): TableIndexOptions[] => [
  { name: `ix_${table}_ws_created`, columnNames: ['workspace_id', 'created_at', 'id'] },
  { name: `ix_${table}_ws_updated`, columnNames: ['workspace_id', 'updated_at', 'id'] },
];
