import { Button, Checkbox, Fieldset, Group, MultiSelect, NativeSelect, Stack, Switch, TagsInput, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { api, call, type Schemas } from '../../api';
import { FieldInput, FormCard, SubmitRow, useSubmit } from '../../ui/forms';
import { CheckboxGrid, FormError, fieldError } from '../../ui/parts';
import { type Choices, type Source, useChoices } from '../../ui/choices';
import {
  ACTION_TYPES,
  type ActionType,
  type Field,
  FIELD_NAMES,
  fieldSpec,
  type Operator,
  operatorsOf,
  paramsOf,
  RULE_EVENTS,
  type RuleEvent,
  valueKind,
} from './vocabulary';

type Rule = Schemas['RuleResponse'];
type Group = 'all' | 'any';
/** A value as the form holds it: one text, or a list (in, contains_any, includes_any…, tags). */
type Value = string | string[];
interface ConditionDraft {
  field: Field;
  operator: Operator;
  value: Value;
  case_sensitive: boolean;
}
interface ActionDraft {
  type: ActionType;
  params: Record<string, Value>;
}

const NEW_CONDITION: ConditionDraft = { field: 'ticket.subject', operator: 'contains', value: '', case_sensitive: false };

function conditionDraft(condition: Schemas['RuleConditionRequest']): ConditionDraft {
  const value = (condition.value ?? '') as Value;
  return { field: condition.field, operator: condition.operator, value, case_sensitive: condition.case_sensitive ?? false };
}

/** The value as a list or as one text, whichever the operator now takes. */
function asKind(value: Value, list: boolean): Value {
  if (list) return Array.isArray(value) ? value : value ? [value] : [];
  return Array.isArray(value) ? (value[0] ?? '') : value;
}

function conditionBody({ field, operator, value, case_sensitive }: ConditionDraft): Schemas['RuleConditionRequest'] {
  const kind = valueKind(operator);
  // The contract's fields the generated types do not name yet are sent as they are.
  const body: Schemas['RuleConditionRequest'] = { field: field as Schemas['RuleConditionField'], operator };
  if (kind !== 'none') body.value = asKind(value, kind === 'list');
  if (fieldSpec(field).type === 'text' && case_sensitive) body.case_sensitive = true;
  return body;
}

function actionDraft(action: Schemas['RuleActionRequest']): ActionDraft {
  const params: Record<string, Value> = {};
  for (const { name } of paramsOf(action.type)) params[name] = ((action as Record<string, unknown>)[name] ?? '') as Value;
  return { type: action.type, params };
}

function actionBody({ type, params }: ActionDraft): Schemas['RuleActionRequest'] {
  const body: Record<string, unknown> = { type };
  for (const { name } of paramsOf(type)) {
    const value = params[name] ?? '';
    if (name === 'tags') body.tags = asKind(value, true);
    // Empty: unassign, or no team.
    else if (name === 'user_id' || name === 'team_id') body[name] = value || null;
    else if (name !== 'text' || value) body[name] = value;
  }
  return body as Schemas['RuleActionRequest'];
}

/**
 * A rule's name, events, conditions (all/any: field, operator and value from the contract's
 * tables), actions and stop_processing; creates (no `rule`) or saves one. The API's errors show
 * at the input of the path they name (`conditions.all[2].value`, `actions[0].priority`), those of
 * a dry run of the draft (`draftError`, already without its `rule.`) too. `onDraft` is told the
 * rule as the form holds it, unsaved, at every change.
 */
export function RuleForm({
  rule,
  writable,
  onSaved,
  onDraft,
  draftError,
}: {
  rule?: Rule;
  writable: boolean;
  onSaved: (rule: Rule) => void;
  onDraft?: (draft: Schemas['CreateRuleRequest']) => void;
  draftError?: unknown;
}) {
  const [name, setName] = useState(rule?.name ?? '');
  const [description, setDescription] = useState(rule?.description ?? '');
  const [events, setEvents] = useState<string[]>(rule?.events ?? ['ticket.created']);
  const [conditions, setConditions] = useState<Record<Group, ConditionDraft[]>>({
    all: rule?.conditions.all.map(conditionDraft) ?? [],
    any: rule?.conditions.any.map(conditionDraft) ?? [],
  });
  const [actions, setActions] = useState<ActionDraft[]>(rule?.actions.map(actionDraft) ?? [{ type: 'set_priority', params: {} }]);
  const [stop, setStop] = useState(rule?.stop_processing ?? false);
  const [saved, setSaved] = useState(false);
  const choices = useChoices(['users', 'teams', 'webhooks', 'channels']);

  const body = {
    name,
    description: description || null,
    events: events as RuleEvent[],
    conditions: { all: conditions.all.map(conditionBody), any: conditions.any.map(conditionBody) },
    actions: actions.map(actionBody),
    stop_processing: stop,
  };
  const draft = JSON.stringify(body);
  useEffect(() => onDraft?.(JSON.parse(draft) as Schemas['CreateRuleRequest']), [draft, onDraft]);

  const {
    submit,
    error: saveError,
    busy,
  } = useSubmit(async () => {
    setSaved(false);
    const answer = rule
      ? await call(api.PATCH('/api/v1/rules/{id}', { params: { path: { id: rule.id } }, body }))
      : await call(api.POST('/api/v1/rules', { body }));
    setSaved(true);
    onSaved(answer.data);
  });

  const setCondition = (group: Group, index: number, change: Partial<ConditionDraft>) =>
    setConditions((now) => {
      const next = { ...now, [group]: [...now[group]] };
      const merged = { ...next[group][index], ...change };
      // Another field may not take the operator: its first one instead.
      if (!operatorsOf(merged.field, events).includes(merged.operator)) merged.operator = operatorsOf(merged.field, events)[0];
      merged.value = asKind(merged.value, valueKind(merged.operator) === 'list');
      next[group][index] = merged;
      return next;
    });
  const setAction = (index: number, change: Partial<ActionDraft>) =>
    setActions((now) => now.map((action, at) => (at === index ? { ...action, ...change } : action)));

  const error = saveError ?? draftError;
  const shownFields = ['name', 'description', 'events', 'stop_processing'];
  const fieldsOfRows = (error as { details?: { field?: string }[] } | null)?.details?.map((detail) => detail.field ?? '') ?? [];
  const rowField = (path: string) => fieldsOfRows.includes(path);

  return (
    <FormCard id="rule-form" title={rule ? 'Rule' : 'New rule'} onSubmit={submit}>
      <fieldset disabled={!writable} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
        <Stack>
          <Group align="flex-start" grow>
            <FieldInput label="Name" required value={name} onValue={setName} field="name" errors={error} />
            <FieldInput label="Description" value={description} onValue={setDescription} field="description" errors={error} />
          </Group>
          <CheckboxGrid
            label="Events"
            description="manual: alone, runs only when started by hand"
            required
            options={RULE_EVENTS}
            value={events}
            onChange={setEvents}
            error={fieldError(error, 'events')}
          />
          {(['all', 'any'] as const).map((group) => (
            <Fieldset key={group} legend={group === 'all' ? 'Every one of these holds (all)' : 'At least one of these holds (any)'}>
              <Stack gap="xs">
                {conditions[group].length === 0 && (
                  <Text size="sm" c="dimmed">
                    {group === 'all' ? 'No condition: every ticket of the events matches.' : 'None: not needed.'}
                  </Text>
                )}
                {conditions[group].map((condition, index) => {
                  const path = `conditions.${group}[${index}]`;
                  const kind = valueKind(condition.operator);
                  const spec = fieldSpec(condition.field);
                  const label = `${group} ${index + 1}`;
                  return (
                    <Group key={index} align="flex-start" wrap="nowrap" data-testid={`condition-${group}-${index}`}>
                      <NativeSelect
                        label={`Field (${label})`}
                        size="xs"
                        value={condition.field}
                        data={FIELD_NAMES}
                        onChange={(event) => setCondition(group, index, { field: event.currentTarget.value as Field })}
                        error={fieldError(error, `${path}.field`)}
                      />
                      <NativeSelect
                        label={`Operator (${label})`}
                        size="xs"
                        value={condition.operator}
                        data={operatorsOf(condition.field, events)}
                        onChange={(event) => setCondition(group, index, { operator: event.currentTarget.value as Operator })}
                        error={fieldError(error, `${path}.operator`)}
                      />
                      {kind !== 'none' && (
                        <ValueInput
                          label={`Value (${label})`}
                          value={asKind(condition.value, kind === 'list')}
                          onValue={(value) => setCondition(group, index, { value })}
                          error={fieldError(error, `${path}.value`)}
                          values={spec.values}
                          options={optionsOf(choices, spec.source)}
                        />
                      )}
                      {spec.type === 'text' && (
                        <Checkbox
                          mt={28}
                          size="xs"
                          label="Case-sensitive"
                          checked={condition.case_sensitive}
                          onChange={(event) => setCondition(group, index, { case_sensitive: event.currentTarget.checked })}
                        />
                      )}
                      {writable && (
                        <RemoveButton
                          what={`condition ${label}`}
                          onClick={() => setConditions((now) => ({ ...now, [group]: now[group].filter((_, at) => at !== index) }))}
                        />
                      )}
                      {rowField(path) && (
                        <Text size="xs" c="red" mt={28}>
                          {fieldError(error, path)}
                        </Text>
                      )}
                    </Group>
                  );
                })}
                {writable && (
                  <Group>
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() => setConditions((now) => ({ ...now, [group]: [...now[group], NEW_CONDITION] }))}
                    >
                      Add condition ({group})
                    </Button>
                  </Group>
                )}
              </Stack>
            </Fieldset>
          ))}
          <Fieldset legend="Actions, applied in order">
            <Stack gap="xs">
              {actions.map((action, index) => (
                <Group key={index} align="flex-start" wrap="nowrap" data-testid={`action-${index}`}>
                  <NativeSelect
                    label={`Action ${index + 1}`}
                    size="xs"
                    value={action.type}
                    data={ACTION_TYPES}
                    onChange={(event) => setAction(index, { type: event.currentTarget.value as ActionType, params: {} })}
                    error={fieldError(error, `actions[${index}].type`) ?? fieldError(error, `actions[${index}]`)}
                  />
                  {paramsOf(action.type).map((param) => (
                    <ValueInput
                      key={param.name}
                      label={`${param.label} (action ${index + 1})`}
                      value={asKind(action.params[param.name] ?? '', param.name === 'tags')}
                      onValue={(value) => setAction(index, { params: { ...action.params, [param.name]: value } })}
                      error={fieldError(error, `actions[${index}].${param.name}`)}
                      values={param.values}
                      options={optionsOf(choices, param.source)}
                    />
                  ))}
                  {writable && (
                    <RemoveButton what={`action ${index + 1}`} onClick={() => setActions((now) => now.filter((_, at) => at !== index))} />
                  )}
                </Group>
              ))}
              {fieldError(error, 'actions') && (
                <Text size="xs" c="red">
                  {fieldError(error, 'actions')}
                </Text>
              )}
              {writable && (
                <Group>
                  <Button size="xs" variant="default" onClick={() => setActions((now) => [...now, { type: 'add_tags', params: {} }])}>
                    Add action
                  </Button>
                </Group>
              )}
            </Stack>
          </Fieldset>
          <Switch
            label="Stop processing: when this rule fires, the rules after it do not run"
            checked={stop}
            onChange={(event) => setStop(event.currentTarget.checked)}
          />
        </Stack>
      </fieldset>
      <FormError
        error={error}
        fields={[...shownFields, ...fieldsOfRows.filter((field) => /^(conditions\.(all|any)|actions)\[\d+\]/.test(field))]}
      />
      {writable && <SubmitRow label={rule ? 'Save rule' : 'Create rule'} busy={busy} saved={saved} />}
    </FormCard>
  );
}

/** Takes a condition or an action out of the draft (saved with the rule). */
function RemoveButton({ what, onClick }: { what: string; onClick: () => void }) {
  return (
    <Button mt={22} size="xs" variant="subtle" color="red" aria-label={`Remove ${what}`} onClick={onClick}>
      Remove
    </Button>
  );
}

function optionsOf(choices: Choices, source: Source | undefined) {
  return source && choices[source];
}

/**
 * One value, or a list of them: a select of an enum's values or of the records an id can name
 * (with those already saved, even when not among them), else typed text; a list of free text
 * (tags, words) is typed as tags.
 */
function ValueInput({
  label,
  value,
  onValue,
  error,
  values,
  options,
}: {
  label: string;
  value: Value;
  onValue: (value: Value) => void;
  error?: string;
  values?: readonly string[];
  options?: { value: string; label: string }[];
}) {
  const bound = { label, error, size: 'xs' as const };
  const known = options ?? values?.map((one) => ({ value: one, label: one }));
  const withSaved = (data: { value: string; label: string }[], saved: string[]) => [
    ...data,
    ...saved.filter((one) => one && !data.some((option) => option.value === one)).map((one) => ({ value: one, label: one })),
  ];
  if (Array.isArray(value)) {
    if (known)
      return <MultiSelect {...bound} data={withSaved(known, value)} value={value} onChange={onValue} searchable style={{ flex: 1 }} />;
    return <TagsInput {...bound} description="Enter or comma after each" value={value} onChange={onValue} style={{ flex: 1 }} />;
  }
  if (known)
    return (
      <NativeSelect
        {...bound}
        value={value}
        data={withSaved([{ value: '', label: '—' }, ...known], [value])}
        onChange={(event) => onValue(event.currentTarget.value)}
      />
    );
  return <TextInput {...bound} value={value} style={{ flex: 1 }} onChange={(event) => onValue(event.currentTarget.value)} />;
}
