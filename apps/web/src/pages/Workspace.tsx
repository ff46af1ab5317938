import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { useSession } from '../session';
import { PageHeader, when } from '../ui/parts';

export function WorkspacePage() {
  const { workspace } = useSession();
  return (
    <>
      <PageHeader title="Workspace" />
      <Paper withBorder p="md">
        <Stack gap="xs">
          <Group>
            <Text fw={600} size="lg">
              {workspace.name}
            </Text>
            {workspace.sandbox ? <Badge color="orange">Sandbox</Badge> : <Badge color="blue">Production</Badge>}
          </Group>
          <Text size="sm">
            ID: <code>{workspace.id}</code>
          </Text>
          <Text size="sm">Created {when(workspace.created_at)}</Text>
          {workspace.sandbox && (
            <Text size="sm" c="dimmed">
              A sandbox workspace is for trying the API: its data is not used in production.
            </Text>
          )}
        </Stack>
      </Paper>
    </>
  );
}
