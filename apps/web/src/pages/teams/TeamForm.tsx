import { Group, NativeSelect } from '@mantine/core';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api';
import { FieldInput, FormCard, SubmitRow, useSubmit } from '../../ui/forms';
import { FormError, fieldError } from '../../ui/parts';

type Team = Schemas['TeamResponse'];
type Method = Team['assignment_method'];
export const METHODS: { value: Method; label: string }[] = [
  { value: 'none', label: 'None (assigned by hand)' },
  { value: 'round_robin', label: 'Round robin' },
  { value: 'least_loaded', label: 'Least loaded' },
];
export const methodLabel = (method: Method) => METHODS.find((one) => one.value === method)?.label ?? method;

/** A team's name, description, assignment method and cap: creates (no `team`) or saves one. */
export function TeamForm({ team, onSaved }: { team?: Team; onSaved: (team: Team) => void }) {
  const [name, setName] = useState(team?.name ?? '');
  const [description, setDescription] = useState(team?.description ?? '');
  const [method, setMethod] = useState<Method>(team?.assignment_method ?? 'none');
  const [cap, setCap] = useState(team?.max_open_per_agent?.toString() ?? '');
  const [saved, setSaved] = useState(false);

  const { submit, error, busy } = useSubmit(async () => {
    setSaved(false);
    const body = { name, description: description || null, assignment_method: method, max_open_per_agent: cap ? Number(cap) : null };
    const answer = team
      ? await call(api.PATCH('/api/v1/teams/{id}', { params: { path: { id: team.id } }, body }))
      : await call(api.POST('/api/v1/teams', { body }));
    if (!team) {
      setName('');
      setDescription('');
      setMethod('none');
      setCap('');
    }
    setSaved(true);
    onSaved(answer.data);
  });

  return (
    <FormCard id={team ? 'edit-team' : 'new-team'} title={team ? 'Edit' : 'New team'} onSubmit={submit}>
      <Group align="flex-start" grow>
        <FieldInput label="Name" required value={name} onValue={setName} field="name" errors={error} />
        <FieldInput label="Description" value={description} onValue={setDescription} field="description" errors={error} />
      </Group>
      <Group align="flex-start" grow>
        <NativeSelect
          label="Assignment method"
          description="How new tickets of the team get an assignee"
          value={method}
          data={METHODS}
          onChange={(event) => setMethod(event.currentTarget.value as Method)}
          error={fieldError(error, 'assignment_method')}
        />
        <FieldInput
          label="Most open tickets per agent"
          description="Automatic assignment passes by a member at this many; empty: no cap"
          type="number"
          value={cap}
          onValue={setCap}
          field="max_open_per_agent"
          errors={error}
        />
      </Group>
      <FormError error={error} fields={['name', 'description', 'assignment_method', 'max_open_per_agent']} />
      <SubmitRow label={team ? 'Save' : 'Create team'} busy={busy} saved={saved} quiet={Boolean(team)} />
    </FormCard>
  );
}
