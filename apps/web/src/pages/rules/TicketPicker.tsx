import { NativeSelect, SegmentedControl, TextInput } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import type { Schemas } from '../../api';
import { splitList } from '../../ui/forms';
import { fieldError } from '../../ui/parts';

export const STATUSES = ['open', 'pending', 'resolved', 'closed'];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'];

/** The tickets a rule is tried on or run on: `ticket_ids`, or `filter` (the `GET /tickets` filters). */
export type Picked = { ticket_ids: string[] } | { filter: Schemas['DryRunTicketFilter'] };

/**
 * Tickets picked by id or by filter (status, priority, tags), as the dry run and a manual run take
 * them: `switcher` chooses how, `inputs` are the fields (with the API's errors), `picked()` the body part.
 */
export function useTicketPicker(): {
  switcher: ReactNode;
  inputs: (error: unknown) => ReactNode;
  picked: () => Picked;
  byFilter: boolean;
} {
  const [by, setBy] = useState<'ids' | 'filter'>('ids');
  const [ids, setIds] = useState('');
  const [status, setStatus] = useState('');
  const [priority, setPriority] = useState('');
  const [tag, setTag] = useState('');

  const picked = (): Picked =>
    by === 'ids'
      ? { ticket_ids: splitList(ids) }
      : {
          filter: {
            ...(status && { status: [status as Schemas['TicketStatus']] }),
            ...(priority && { priority: [priority as Schemas['TicketPriority']] }),
            ...(tag && { tag: splitList(tag) }),
          },
        };
  const switcher = <Either label="Tickets to pick" value={by} onChange={setBy} options={{ ids: 'By ticket id', filter: 'By filter' }} />;
  const inputs = (error: unknown) =>
    by === 'ids' ? (
      <TextInput
        label="Ticket ids"
        description="comma-separated, up to 100"
        value={ids}
        onChange={(change) => setIds(change.currentTarget.value)}
        error={fieldError(error, 'ticket_ids') ?? idError(error)}
      />
    ) : (
      <>
        <NativeSelect label="Status" value={status} onChange={(change) => setStatus(change.currentTarget.value)} data={['', ...STATUSES]} />
        <NativeSelect
          label="Priority"
          value={priority}
          onChange={(change) => setPriority(change.currentTarget.value)}
          data={['', ...PRIORITIES]}
        />
        <TextInput label="Tags" description="all of these" value={tag} onChange={(change) => setTag(change.currentTarget.value)} />
      </>
    );
  return { switcher, inputs, picked, byFilter: by === 'filter' };
}

/** One of a few ways (its options: value → label), as a segmented control named for assistive technology. */
export function Either<T extends string>({
  label,
  value,
  onChange,
  options,
}: {
  label: string;
  value: T;
  onChange: (value: T) => void;
  options: Record<T, string>;
}) {
  return (
    <SegmentedControl
      aria-label={label}
      value={value}
      onChange={(picked) => onChange(picked as T)}
      data={Object.entries<string>(options).map(([one, text]) => ({ value: one, label: text }))}
    />
  );
}

/** `ticket_ids[3]`: the id the API could not find, said at the input. */
function idError(error: unknown): string | undefined {
  const detail = (error as { details?: { field?: string; message: string }[] } | null)?.details?.find((one) =>
    one.field?.startsWith('ticket_ids['),
  );
  return detail && `${detail.field}: ${detail.message}`;
}
