import { Alert, Button, Code, CopyButton, Group, Loader, Stack, Text, Title } from '@mantine/core';
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
  const unnamed = error.details.filter((detail) => !detail.field).map((detail) => detail.message);
  return [error.message, ...unnamed].join(' ');
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
