import { Alert, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api';
import { Link, navigate } from '../../router';
import { can, useSession } from '../../session';
import { useActions } from '../../ui/actions';
import { FormError, Loading, PageHeader, RowButton, when } from '../../ui/parts';
import { useRecord } from '../../ui/record';
import { DryRunPanel } from './DryRunPanel';
import { RuleForm } from './RuleForm';

/** One rule (or a new one, id null): its form, delete, and the dry-run panel (of the saved rule or the form's draft). */
export function RulePage({ id }: { id: string | null }) {
  const { user } = useSession();
  const writable = can(user.role, 'rules:write');
  const {
    record: rule,
    setRecord: setRule,
    error: loadError,
  } = useRecord(async () => (id ? (await call(api.GET('/api/v1/rules/{id}', { params: { path: { id } } }))).data : null), [id]);
  const { act, error } = useActions(() => navigate('/rules'));
  // The form's rule as it is now, unsaved, for "Try this draft"; that dry run's errors about it.
  const [draft, setDraft] = useState<Schemas['CreateRuleRequest'] | null>(null);
  const [draftError, setDraftError] = useState<unknown>(null);
  const dryRun = <DryRunPanel key={rule?.version} rule={rule ?? undefined} draft={draft} onDraftError={setDraftError} />;

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
        {dryRun}
        <RuleForm
          writable={writable}
          onSaved={(created) => navigate(`/rules/${created.id}`, true)}
          onDraft={setDraft}
          draftError={draftError}
        />
      </>
    );
  if (!rule) return <Loading error={loadError} />;
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
      {rule.last_error && (
        <Alert color="red" title="The last run had a failing action" role="alert" mb="md">
          {rule.last_error}
        </Alert>
      )}
      {dryRun}
      <RuleForm
        key={rule.id}
        rule={rule}
        writable={writable}
        onSaved={(saved) => {
          setDraftError(null);
          setRule(saved);
        }}
        onDraft={setDraft}
        draftError={draftError}
      />
    </>
  );
}
