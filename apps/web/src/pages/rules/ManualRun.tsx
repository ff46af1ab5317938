import { Button, Checkbox, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { api, call, type Schemas } from '../../api';
import { useSubmit } from '../../ui/forms';
import { describe, FormError } from '../../ui/parts';
import { useTicketPicker } from './TicketPicker';

type Job = Schemas['JobResponse'];
const POLL_MS = 1000;

/**
 * "Run on tickets…": applies the saved rule to existing tickets (POST /rules/{id}/run; a rule not
 * `manual` only with force), then follows the job (GET /jobs/{id}) until it succeeded or failed.
 * `onFinished` lets the page read the rule and its run log again.
 */
export function ManualRun({ rule, onFinished }: { rule: Schemas['RuleResponse']; onFinished: () => void }) {
  const manual = rule.events.includes('manual');
  const [open, setOpen] = useState(false);
  const [force, setForce] = useState(false);
  const [job, setJob] = useState<Job | null>(null);
  const [pollError, setPollError] = useState<unknown>(null);
  const tickets = useTicketPicker();
  const start = useSubmit(async () => {
    const answer = await call(
      api.POST('/api/v1/rules/{id}/run', {
        params: { path: { id: rule.id } },
        body: { ...tickets.picked(), ...(force && { force }) },
      }),
    );
    setPollError(null);
    setJob(answer.data);
  });

  const running = job && (job.status === 'queued' || job.status === 'running');
  useEffect(() => {
    if (!job || !running) return;
    const timer = window.setTimeout(async () => {
      try {
        const next = (await call(api.GET('/api/v1/jobs/{id}', { params: { path: { id: job.id } } }))).data;
        setJob(next);
        if (next.status === 'succeeded' || next.status === 'failed') onFinished();
      } catch (failure) {
        setPollError(failure);
      }
    }, POLL_MS);
    return () => window.clearTimeout(timer);
  }, [job, running, onFinished]);

  if (!open)
    return (
      <Button variant="default" mb="md" onClick={() => setOpen(true)}>
        Run on tickets…
      </Button>
    );
  return (
    <Paper withBorder p="md" mb="md" component="section" aria-labelledby="manual-run">
      <form onSubmit={start.submit} noValidate>
        <Stack>
          <Title order={2} size="h4" id="manual-run">
            Run on tickets
          </Title>
          <Text size="sm" c="dimmed">
            Applies this rule, as saved, to existing tickets: their changes are real and logged below.
          </Text>
          <Group>{tickets.switcher}</Group>
          <Group align="flex-start" grow>
            {tickets.inputs(start.error)}
          </Group>
          {!manual && (
            <Checkbox
              label="Run it although it is not a manual rule (force)"
              checked={force}
              onChange={(event) => setForce(event.currentTarget.checked)}
            />
          )}
          <FormError error={start.error} fields={['ticket_ids']} title="Not started" />
          <Group>
            <Button type="submit" loading={start.busy} disabled={Boolean(running) || (!manual && !force)}>
              Start run
            </Button>
            <Button variant="subtle" onClick={() => setOpen(false)}>
              Close
            </Button>
          </Group>
        </Stack>
      </form>
      {job && <JobProgress job={job} />}
      {Boolean(pollError) && (
        <Text size="sm" c="red" role="alert">
          {describe(pollError)}
        </Text>
      )}
    </Paper>
  );
}

function JobProgress({ job }: { job: Job }) {
  const done = job.total > 0 ? (job.processed / job.total) * 100 : job.status === 'succeeded' ? 100 : 0;
  return (
    <Stack gap={4} mt="md" data-testid="job" data-status={job.status}>
      <Progress value={done} color={job.status === 'failed' || job.failed > 0 ? 'red' : 'blue'} aria-label="Run progress" />
      <Text size="sm" role="status">
        Job {job.status}: {job.processed} of {job.total} ticket(s) processed
        {job.failed > 0 ? `, ${job.failed} failed` : ''}.
      </Text>
    </Stack>
  );
}
