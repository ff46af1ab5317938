import { Alert, Button, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { api, call, isFailure } from '../api';
import { Link } from '../router';
import { FormError } from '../ui/parts';
import { PasswordField, useSubmit } from '../ui/forms';

/** /app/invite/<token>: the invited person chooses a password (POST /auth/invites/{token}, once). */
export function InvitePage({ token }: { token: string }) {
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [done, setDone] = useState(false);
  const mismatch = repeat.length > 0 && repeat !== password ? 'The two passwords differ.' : undefined;

  const { submit, error, busy } = useSubmit(async () => {
    if (mismatch) return;
    await call(api.POST('/api/v1/auth/invites/{token}', { params: { path: { token } }, body: { password } }));
    setDone(true);
  });

  return (
    <Paper component="main" withBorder shadow="sm" p="xl" maw={460} mx="auto" mt={80}>
      <Stack>
        <Title order={1} size="h2">
          Choose your password
        </Title>
        {done ? (
          <Alert color="green" title="Password set" role="status">
            <Text size="sm">
              You can now <Link to="/sign-in">sign in</Link> with your email and this password.
            </Text>
          </Alert>
        ) : isFailure(error) && error.status === 404 ? (
          <Alert color="orange" title="This link no longer works" role="alert">
            It was used already, replaced by a newer invite, or has expired (links last 7 days). Ask an admin for a new one.
          </Alert>
        ) : (
          <form onSubmit={submit} noValidate>
            <Stack>
              <Text size="sm" c="dimmed">
                12 to 256 characters. A long phrase is easier to remember than symbols.
              </Text>
              <PasswordField label="New password" autoComplete="new-password" value={password} onValue={setPassword} errors={error} />
              <PasswordInput
                label="Repeat the password"
                autoComplete="new-password"
                required
                value={repeat}
                onChange={(event) => setRepeat(event.currentTarget.value)}
                error={mismatch}
              />
              <FormError error={error} fields={['password']} />
              <Button type="submit" loading={busy}>
                Set password
              </Button>
            </Stack>
          </form>
        )}
      </Stack>
    </Paper>
  );
}
