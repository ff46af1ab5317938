import { Alert, Group, Text } from '@mantine/core';
import { useCallback, useState } from 'react';
import { api, call, type Schemas } from '../../api';
import { Link, navigate } from '../../router';
import { can, useSession } from '../../session';
import { useActions } from '../../ui/actions';
import { FormError, Loading, PageHeader, RowButton, when } from '../../ui/parts';
import { useRecord } from '../../ui/record';
import { DryRunPanel } from './DryRunPanel';
import { ManualRun } from './ManualRun';
import { RuleForm } from './RuleForm';
import { RunLog } from './RunLog';

/**
 * One rule (or a new one, id null): its form, delete, its last error, a manual run on tickets, the
 * dry-run panel (of the saved rule or the form's draft), and its run log.
 */
export function RulePage({ id }: { id: string | null }) {
  const { user } = useSession();
  const writable = can(user.role, 'rules:write');
  const {
    record: rule,
    setRecord: setRule,
    error: loadError,
    reload,
  } = useRecord(async () => (id ? (await call(api.GET('/api/v1/rules/{id}', { params: { path: { id } } }))).data : null), [id]);
  const { act, error } = useActions(() => navigate('/rules'));
  // The form's rule as it is now, unsaved, for "Try this draft"; that dry run's errors about it.
  const [draft, setDraft] = useState<Schemas['CreateRuleRequest'] | null>(null);
  const [draftError, setDraftError] = useState<unknown>(null);
  // Bumped when a manual run finished: the run log is read again (the rule too, for its counters).
  const [runs, setRuns] = useState(0);
  const ran = useCallback(() => {
    setRuns((now) => now + 1);
    void reload();
  }, [reload]);
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
      {writable && <ManualRun rule={rule} onFinished={ran} />}
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
      <RunLog ruleId={rule.id} version={runs} />
    </>
  );
}
