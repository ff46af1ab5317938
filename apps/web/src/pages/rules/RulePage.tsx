import { Alert, Group, Loader, Text } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { api, call, type Schemas } from '../../api';
import { Link, navigate } from '../../router';
import { can, useSession } from '../../session';
import { useActions } from '../../ui/actions';
import { describe, FormError, PageHeader, RowButton, when } from '../../ui/parts';
import { DryRunPanel } from './DryRunPanel';
import { RuleForm } from './RuleForm';

/** One rule (or a new one, id null): its form, delete, and the dry-run panel. */
export function RulePage({ id }: { id: string | null }) {
  const { user } = useSession();
  const writable = can(user.role, 'rules:write');
  const [rule, setRule] = useState<Schemas['RuleResponse'] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const load = useCallback(async () => {
    if (!id) return;
    try {
      setRule((await call(api.GET('/api/v1/rules/{id}', { params: { path: { id } } }))).data);
    } catch (failure) {
      setLoadError(failure);
    }
  }, [id]);
  useEffect(() => void load(), [load]);
  const { act, error } = useActions(() => navigate('/rules'));

  const back = (
    <Text size="sm" mb="xs">
      <Link to="/rules">← All rules</Link>
    </Text>
  );
  if (!id)
    return (
      <>
        {back}
        <PageHeader title="New rule">It is added at the end of the list; move it up there.</PageHeader>
        <RuleForm writable={writable} onSaved={(created) => navigate(`/rules/${created.id}`, true)} />
      </>
    );
  if (loadError)
    return (
      <Alert color="red" role="alert">
        {describe(loadError)}
      </Alert>
    );
  if (!rule) return <Loader size="sm" aria-label="Loading" />;
  const remove = () =>
    act(async () => {
      if (!window.confirm(`Delete the rule "${rule.name}"? The rules after it move up.`)) return;
      await call(api.DELETE('/api/v1/rules/{id}', { params: { path: { id: rule.id } } }));
    });
  return (
    <>
      {back}
      <PageHeader title={rule.name}>
        Number {rule.position} · version {rule.version} · {rule.enabled ? 'enabled' : 'disabled'} · fired {rule.fire_count} time(s), last{' '}
        {when(rule.last_fired_at, 'never')}
      </PageHeader>
      {writable && (
        <Group mb="md">
          <RowButton label="Delete" subject={`rule ${rule.name}`} danger onClick={() => void remove()} />
        </Group>
      )}
      <FormError error={error} title="Not deleted" />
      <DryRunPanel key={rule.version} rule={rule} />
      <RuleForm key={rule.id} rule={rule} writable={writable} onSaved={setRule} />
    </>
  );
}
