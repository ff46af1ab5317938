import { Badge, Button, Group, Switch, Table, Title } from '@mantine/core';
import { api, call, type Schemas } from '../../api';
import { Link, navigate } from '../../router';
import { can, useSession } from '../../session';
import { useActions } from '../../ui/actions';
import { usePaged } from '../../ui/paging';
import { ListTable, Outcome, PageHeader, RowButton, when } from '../../ui/parts';

/** The rules in the order they run: move up or down, enable or disable, open one to edit or try it. */
export function RulesPage() {
  const { user } = useSession();
  const writable = can(user.role, 'rules:write');
  const rules = usePaged(async (cursor) =>
    call(api.GET('/api/v1/rules', { params: { query: { limit: 50, cursor, sort: 'position', order: 'asc' } } })),
  );
  const { act, error, notice } = useActions(rules.reload);

  const patch = (rule: Schemas['RuleResponse'], body: Schemas['UpdateRuleRequest']) =>
    call(api.PATCH('/api/v1/rules/{id}', { params: { path: { id: rule.id } }, body }));
  const move = (rule: Schemas['RuleResponse'], by: -1 | 1) =>
    act(async () => {
      await patch(rule, { position: rule.position + by });
      return `"${rule.name}" is now number ${rule.position + by}.`;
    });
  const toggle = (rule: Schemas['RuleResponse']) =>
    act(async () => {
      await patch(rule, { enabled: !rule.enabled });
      return `"${rule.name}" ${rule.enabled ? 'disabled' : 'enabled'}.`;
    });

  return (
    <>
      <PageHeader title="Rules">
        When a ticket is created or changed, enabled rules run top to bottom; a rule whose conditions hold applies its actions.
      </PageHeader>
      {writable && (
        <Group mb="md">
          <Button onClick={() => navigate('/rules/new')}>New rule</Button>
        </Group>
      )}
      <Title order={2} size="h4" mb="sm">
        In the order they run
      </Title>
      <Outcome notice={notice} error={error} />
      <ListTable
        list={rules}
        empty={
          writable
            ? 'No rules yet: create one with "New rule" to route, tag or prioritise tickets as they arrive.'
            : 'No rules yet. An admin creates them.'
        }
        head={['#', 'Name', 'Events', 'Enabled', 'Fired', 'Last error', ...(writable ? [null] : [])]}
        minWidth={760}
        row={(rule, index, items) => (
          <Table.Tr key={rule.id}>
            <Table.Td>{rule.position}</Table.Td>
            <Table.Td>
              <Link to={`/rules/${rule.id}`}>{rule.name}</Link>
              {rule.stop_processing && (
                <Badge ml="xs" color="gray" size="sm">
                  stops
                </Badge>
              )}
            </Table.Td>
            <Table.Td>{rule.events.join(', ')}</Table.Td>
            <Table.Td>
              <Switch aria-label={`Enabled: ${rule.name}`} checked={rule.enabled} disabled={!writable} onChange={() => void toggle(rule)} />
            </Table.Td>
            <Table.Td>
              {rule.fire_count} · {when(rule.last_fired_at, 'never')}
            </Table.Td>
            <Table.Td>{rule.last_error ?? '—'}</Table.Td>
            {writable && (
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <RowButton label="Up" subject={rule.name} disabled={rule.position === 1} onClick={() => void move(rule, -1)} />
                  <RowButton
                    label="Down"
                    subject={rule.name}
                    disabled={index === items.length - 1 && !rules.hasMore}
                    onClick={() => void move(rule, 1)}
                  />
                </Group>
              </Table.Td>
            )}
          </Table.Tr>
        )}
      />
    </>
  );
}
