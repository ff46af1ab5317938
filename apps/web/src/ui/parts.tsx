import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Loader,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import type { ReactNode } from 'react';
import { ApiFailure, isFailure } from '../api';
import type { Paged } from './paging';

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Stack gap={4} mb="md">
      <Title order={1} size="h2">
        {title}
      </Title>
      {children && <Text c="dimmed">{children}</Text>}
    </Stack>
  );
}

/** A secret the API shows once: readable, selectable and copied with one click. */
export function SecretOnce({ label, value, onDone }: { label: string; value: string; onDone?: () => void }) {
  return (
    <Alert color="green" title={label} mb="md" role="status">
      <Stack gap="xs">
        <Text size="sm">Copy it now: it is not shown again.</Text>
        <Group gap="xs" wrap="nowrap">
          <Code data-testid="secret" style={{ wordBreak: 'break-all' }}>
            {value}
          </Code>
          <CopyButton value={value}>
            {({ copied, copy }) => (
              <Button size="xs" variant="outline" onClick={copy}>
                {copied ? 'Copied' : 'Copy'}
              </Button>
            )}
          </CopyButton>
          {onDone && (
            <Button size="xs" variant="subtle" onClick={onDone}>
              Done
            </Button>
          )}
        </Group>
      </Stack>
    </Alert>
  );
}

/** The part of an API error no form field names (or a failure to reach the server). */
export function FormError({ error, fields = [], title = 'Not saved' }: { error: unknown; fields?: string[]; title?: string }) {
  if (!error) return null;
  if (isFailure(error) && error.details.length > 0 && error.details.every((detail) => detail.field && fields.includes(detail.field)))
    return null;
  return (
    <Alert color="red" title={title} role="alert" mb="sm">
      {describe(error)}
    </Alert>
  );
}

export function describe(error: unknown): string {
  if (!isFailure(error)) return 'The server could not be reached. Try again.';
  if (error.status === 403) return 'Your role does not allow this.';
  if (error.status === 429) return `Too many attempts: try again in ${Math.ceil((error.retryAfterSeconds ?? 60) / 60)} minute(s).`;
  // A detail the message does not already say (a 409's reason, a count) is worth reading in words.
  const more = error.details.map((detail) => detail.message).filter((message) => !error.message.includes(message));
  return more.length > 0 ? `${error.message}: ${more.join('; ')}.` : error.message;
}

/** The API's message for a field, shown under that field. */
export function fieldError(error: unknown, field: string): string | undefined {
  return error instanceof ApiFailure ? error.field(field) : undefined;
}

export function when(iso: string | null | undefined, never = '—'): string {
  return iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : never;
}

/** The states every list shares: loading, an error, empty (with what to do next), and more pages. */
export function ListState<T>({ list, empty, children }: { list: Paged<T>; empty: ReactNode; children: (items: T[]) => ReactNode }) {
  if (list.error)
    return (
      <Alert color="red" role="alert">
        {list.error}
      </Alert>
    );
  if (!list.items) return <Loader size="sm" aria-label="Loading" />;
  if (list.items.length === 0) return <Text c="dimmed">{empty}</Text>;
  return (
    <Stack gap="sm">
      {children(list.items)}
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {list.items.length} of {list.total}
        </Text>
        {list.hasMore && (
          <Button variant="default" size="xs" onClick={list.more} loading={list.loading}>
            Load more
          </Button>
        )}
      </Group>
    </Stack>
  );
}

/**
 * A table of records: its headings (null: an unlabelled column of row actions, named for
 * assistive technology) and its rows, scrolling sideways on a narrow screen.
 */
export function DataTable({
  head,
  minWidth,
  testId,
  children,
}: {
  head: (string | null)[];
  minWidth: number;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table striped data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            {head.map((label, index) => (
              <Table.Th key={label ?? `actions-${index}`}>{label ?? <VisuallyHidden>Actions</VisuallyHidden>}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** A set of names picked with checkboxes (scopes, events), bound to one body field. */
export function CheckboxGrid({
  label,
  description,
  required,
  options,
  value,
  onChange,
  error,
}: {
  label: string;
  description?: string;
  required?: boolean;
  options: readonly string[];
  value: string[];
  onChange: (value: string[]) => void;
  error?: string;
}) {
  return (
    <Checkbox.Group label={label} description={description} required={required} value={value} onChange={onChange} error={error}>
      <SimpleGrid cols={{ base: 2, sm: 3 }} mt="xs" spacing={6}>
        {options.map((name) => (
          <Checkbox key={name} value={name} label={name} />
        ))}
      </SimpleGrid>
    </Checkbox.Group>
  );
}

/** A small button acting on one row, named with its row for assistive technology ("Revoke CRM sync"). */
export function RowButton({
  label,
  subject,
  onClick,
  danger = false,
  disabled = false,
}: {
  label: string;
  subject: string;
  onClick: () => void;
  danger?: boolean;
  disabled?: boolean;
}) {
  return (
    <Button
      size="xs"
      variant="outline"
      color={danger ? 'red' : undefined}
      onClick={onClick}
      disabled={disabled}
      aria-label={`${label} ${subject}`}
    >
      {label}
    </Button>
  );
}

/** Whether a webhook endpoint or a notification channel receives, and why Relay stopped it if it did. */
export function ActiveBadge({ target }: { target: { active: boolean; disabled_reason: string | null } }) {
  if (target.active) return <Badge color="green">Enabled</Badge>;
  return <Badge color="gray">{target.disabled_reason ? `Disabled: ${target.disabled_reason}` : 'Disabled'}</Badge>;
}

/** What the last action on a page came to: a notice, or the API's error in words. */
export function Outcome({ notice, error, title = 'Not done' }: { notice: string | null; error: unknown; title?: string }) {
  return (
    <>
      {notice && (
        <Text size="sm" role="status" mb="xs">
          {notice}
        </Text>
      )}
      <FormError error={error} title={title} />
    </>
  );
}

/** A list read with cursors shown as a table: one row per record, its states (loading, empty, more) around it. */
export function ListTable<T>({
  list,
  empty,
  head,
  minWidth,
  row,
}: {
  list: Paged<T>;
  empty: ReactNode;
  head: (string | null)[];
  minWidth: number;
  row: (item: T, index: number, items: T[]) => ReactNode;
}) {
  return (
    <ListState list={list} empty={empty}>
      {(items) => (
        <DataTable head={head} minWidth={minWidth}>
          {items.map((item, index) => row(item, index, items))}
        </DataTable>
      )}
    </ListState>
  );
}

/** A record still on its way: its failure in words, or a spinner. */
export function Loading({ error }: { error: unknown }) {
  if (!error) return <Loader size="sm" aria-label="Loading" />;
  return (
    <Alert color="red" role="alert">
      {describe(error)}
    </Alert>
  );
}
