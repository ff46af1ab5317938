import { Button, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { type ChangeEvent, type FormEvent, type ReactNode, useState } from 'react';
import { fieldError } from './parts';

/**
 * A form's submit: busy while the call runs, the API error kept for the fields (fieldError) and
 * the rest (FormError), cleared on success.
 */
export function useSubmit(action: () => Promise<void>): { submit: (event: FormEvent) => Promise<void>; error: unknown; busy: boolean } {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      await action();
      setError(null);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return { submit, error, busy };
}

/** A titled form in a bordered card, named by its title for assistive technology. */
export function FormCard({
  id,
  title,
  onSubmit,
  children,
}: {
  id: string;
  title: string;
  onSubmit: (event: FormEvent) => void;
  children: ReactNode;
}) {
  return (
    <Paper withBorder p="md" mb="md">
      <form onSubmit={onSubmit} noValidate aria-labelledby={id}>
        <Stack>
          <Title order={2} size="h4" id={id}>
            {title}
          </Title>
          {children}
        </Stack>
      </form>
    </Paper>
  );
}

/** The props a bound input passes through to Mantine's TextInput or PasswordInput. */
interface FieldInputProps {
  label: string;
  value: string;
  description?: string;
  placeholder?: string;
  type?: string;
  required?: boolean;
  autoComplete?: string;
}

/** A text (or password) input bound to one body field: the API's error for that field shows under it. */
export function FieldInput({
  field,
  errors,
  onValue,
  password = false,
  ...props
}: FieldInputProps & { field: string; errors: unknown; onValue: (value: string) => void; password?: boolean }) {
  const bound = {
    ...props,
    onChange: (event: ChangeEvent<HTMLInputElement>) => onValue(event.currentTarget.value),
    error: fieldError(errors, field),
  };
  return password ? <PasswordInput {...bound} /> : <TextInput {...bound} />;
}

/** A comma-separated input as the list the API takes. */
export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

/** A form's submit button, and "Saved." once an edit went through. */
export function SubmitRow({
  label,
  busy,
  saved = false,
  quiet = false,
}: {
  label: string;
  busy: boolean;
  saved?: boolean;
  quiet?: boolean;
}) {
  return (
    <Group>
      <Button type="submit" loading={busy} variant={quiet ? 'default' : 'filled'}>
        {label}
      </Button>
      {saved && (
        <Text size="sm" role="status">
          Saved.
        </Text>
      )}
    </Group>
  );
}

/** The `password` body field (sign-in, invite): its API error under it. */
export function PasswordField(props: {
  label: string;
  autoComplete: string;
  value: string;
  onValue: (value: string) => void;
  errors: unknown;
}) {
  return <FieldInput {...props} required field="password" password />;
}
