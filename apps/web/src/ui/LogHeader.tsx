import { Button, Group, NativeSelect, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A log's heading with its filters: a status select (All, then `statuses`), any other filter
 * (`children`), and Refresh.
 */
export function LogHeader<S extends string>({
  title,
  id,
  statuses,
  status,
  onStatus,
  onRefresh,
  children,
}: {
  title: string;
  id?: string;
  statuses: Record<S, string>;
  status: S | '';
  onStatus: (status: S | '') => void;
  onRefresh: () => void;
  children?: ReactNode;
}) {
  return (
    <Group justify="space-between" align="flex-end" mb="sm" mt="lg">
      <Title order={2} size="h4" id={id}>
        {title}
      </Title>
      <Group align="flex-end">
        {children}
        <NativeSelect
          label="Status"
          size="xs"
          value={status}
          onChange={(event) => onStatus(event.currentTarget.value as S | '')}
          data={[{ value: '', label: 'All' }, ...Object.entries<string>(statuses).map(([value, label]) => ({ value, label }))]}
        />
        <Button size="xs" variant="default" onClick={onRefresh}>
          Refresh
        </Button>
      </Group>
    </Group>
  );
}
