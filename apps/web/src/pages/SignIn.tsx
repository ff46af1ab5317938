import { Button, Paper, Stack, Title } from '@mantine/core';
import { useState } from 'react';
import { api, call } from '../api';
import { FormError } from '../ui/parts';
import { FieldInput, PasswordField, useSubmit } from '../ui/forms';

/** Email and password → POST /auth/sessions; the cookie is set by the server, the CSRF token kept by the caller. */
export function SignInPage({ onSignedIn }: { onSignedIn: (csrfToken: string) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const { submit, error, busy } = useSubmit(async () => {
    const session = await call(api.POST('/api/v1/auth/sessions', { body: { email, password } }));
    onSignedIn(session.data.csrf_token);
  });

  return (
    <Paper component="main" withBorder shadow="sm" p="xl" maw={420} mx="auto" mt={80}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={1} size="h2">
            Sign in to Relay
          </Title>
          <FieldInput
            label="Email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onValue={setEmail}
            field="email"
            errors={error}
          />
          <PasswordField label="Password" autoComplete="current-password" value={password} onValue={setPassword} errors={error} />
          <FormError error={error} fields={['email', 'password']} title="Not signed in" />
          <Button type="submit" loading={busy}>
            Sign in
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
