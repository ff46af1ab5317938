import { Alert, Badge, Box, Button, Container, Group, Loader, Stack, Text, UnstyledButton } from '@mantine/core';
import { lazy, type ReactNode, Suspense, useCallback, useEffect, useState } from 'react';
import { api, call, type Permission, setCsrfToken, whenSignedOut } from './api';
import { ApiKeysPage } from './pages/ApiKeys';
import { InvitePage } from './pages/Invite';
import { SignInPage } from './pages/SignIn';
import { Link, navigate, usePath } from './router';
import { can, type Session, SessionContext } from './session';

// Pages loaded when first visited: the first page's script stays small.
const UsersPage = lazy(async () => ({ default: (await import('./pages/Users')).UsersPage }));
const WorkspacePage = lazy(async () => ({ default: (await import('./pages/Workspace')).WorkspacePage }));
const WebhooksPage = lazy(async () => ({ default: (await import('./pages/Webhooks')).WebhooksPage }));
const WebhookDetailPage = lazy(async () => ({ default: (await import('./pages/WebhookDetail')).WebhookDetailPage }));
const RulesPage = lazy(async () => ({ default: (await import('./pages/rules/RulesPage')).RulesPage }));
const RulePage = lazy(async () => ({ default: (await import('./pages/rules/RulePage')).RulePage }));
const TeamsPage = lazy(async () => ({ default: (await import('./pages/teams/TeamsPage')).TeamsPage }));
const TeamPage = lazy(async () => ({ default: (await import('./pages/teams/TeamPage')).TeamPage }));
const ChannelsPage = lazy(async () => ({ default: (await import('./pages/channels/ChannelsPage')).ChannelsPage }));
const ChannelPage = lazy(async () => ({ default: (await import('./pages/channels/ChannelPage')).ChannelPage }));
const SessionsPage = lazy(async () => ({ default: (await import('./pages/Sessions')).SessionsPage }));

type State = { kind: 'loading' } | { kind: 'signed-out' } | { kind: 'signed-in'; session: Omit<Session, 'signOut'> };

export function App() {
  const path = usePath();
  const invite = /^\/invite\/([^/]+)$/.exec(path);
  if (invite) return <InvitePage token={invite[1]} />;
  return <SignedInApp path={path} />;
}

/** Everything behind sign-in: the session is asked of the server (the cookie is invisible to scripts). */
function SignedInApp({ path }: { path: string }) {
  const [state, setState] = useState<State>({ kind: 'loading' });

  const resume = useCallback(async () => {
    try {
      const session = await call(api.GET('/api/v1/auth/session'));
      setCsrfToken(session.data.csrf_token);
      const [user, workspace] = await Promise.all([call(api.GET('/api/v1/users/me')), call(api.GET('/api/v1/workspace'))]);
      setState({ kind: 'signed-in', session: { user: user.data, workspace: workspace.data } });
    } catch {
      setCsrfToken(null);
      setState({ kind: 'signed-out' });
    }
  }, []);

  useEffect(() => {
    whenSignedOut(() => {
      setCsrfToken(null);
      setState({ kind: 'signed-out' });
    });
    void resume();
  }, [resume]);

  if (state.kind === 'loading') return <Loader m="xl" aria-label="Loading" />;
  if (state.kind === 'signed-out')
    return (
      <SignInPage
        onSignedIn={(token) => {
          setCsrfToken(token);
          void resume();
        }}
      />
    );

  const signOut = async () => {
    await api.DELETE('/api/v1/auth/session');
    setCsrfToken(null);
    setState({ kind: 'signed-out' });
    navigate('/sign-in', true);
  };
  const session = { ...state.session, signOut };
  return (
    <SessionContext.Provider value={session}>
      <Layout session={session} path={path} />
    </SessionContext.Provider>
  );
}

const NAV: { to: string; label: string; needs?: Permission }[] = [
  { to: '/api-keys', label: 'API keys' },
  { to: '/webhooks', label: 'Webhooks', needs: 'webhooks:read' },
  { to: '/users', label: 'Users' },
  { to: '/teams', label: 'Teams' },
  { to: '/rules', label: 'Rules' },
  { to: '/notification-channels', label: 'Notification channels', needs: 'notification_channels:read' },
  { to: '/sessions', label: 'Sessions' },
  { to: '/workspace', label: 'Workspace' },
];

function Layout({ session, path }: { session: Session; path: string }) {
  const { user, workspace } = session;
  useEffect(() => {
    if (path === '/' || path === '/sign-in') navigate('/api-keys', true);
  }, [path]);
  const page = route(path, session);
  return (
    <>
      <Box component="header" px="md" py="sm" bg="dark.7" c="white">
        <Group justify="space-between">
          <Group gap="sm">
            <Text fw={700}>Relay Settings</Text>
            <Text size="sm">{workspace.name}</Text>
            {workspace.sandbox && <Badge color="orange">Sandbox</Badge>}
          </Group>
          <Group gap="sm">
            <Text size="sm">
              {user.email} · {user.role}
            </Text>
            <Button size="xs" variant="white" color="dark" onClick={() => void session.signOut()}>
              Sign out
            </Button>
          </Group>
        </Group>
      </Box>
      <Container size="lg" py="md">
        <Group align="flex-start" wrap="nowrap" gap="xl">
          <Box component="nav" aria-label="Settings" w={170} style={{ flexShrink: 0 }}>
            <Stack gap={4}>
              {NAV.filter((item) => !item.needs || can(user.role, item.needs)).map((item) => {
                const current = path === item.to || path.startsWith(`${item.to}/`);
                return (
                  <UnstyledButton
                    key={item.to}
                    component={Link}
                    to={item.to}
                    aria-current={current ? 'page' : undefined}
                    px="sm"
                    py={6}
                    fw={current ? 700 : 400}
                    bg={current ? 'blue.0' : undefined}
                    c={current ? 'blue.9' : 'dark.9'}
                    style={{ borderRadius: 4 }}
                  >
                    {item.label}
                  </UnstyledButton>
                );
              })}
            </Stack>
          </Box>
          <Box component="main" style={{ flex: 1, minWidth: 0 }}>
            <Suspense fallback={<Loader size="sm" aria-label="Loading" />}>{page}</Suspense>
          </Box>
        </Group>
      </Container>
    </>
  );
}

function route(path: string, { user }: Session): ReactNode {
  const [, section, id] = /^\/([^/]+)(?:\/([^/]+))?$/.exec(path) ?? [];
  if (path === '/api-keys' || path === '/' || path === '/sign-in') return <ApiKeysPage />;
  if (path === '/users') return <UsersPage />;
  if (path === '/workspace') return <WorkspacePage />;
  if (path === '/sessions') return <SessionsPage />;
  if (section === 'teams') return id ? <TeamPage id={id} /> : <TeamsPage />;
  if (section === 'rules') return id ? <RulePage id={id === 'new' ? null : id} /> : <RulesPage />;
  if (section === 'webhooks') {
    if (!can(user.role, 'webhooks:read')) return <AdminsOnly role={user.role} what="webhooks" />;
    return id ? <WebhookDetailPage id={id} /> : <WebhooksPage />;
  }
  if (section === 'notification-channels') {
    if (!can(user.role, 'notification_channels:read')) return <AdminsOnly role={user.role} what="notification channels" />;
    return id ? <ChannelPage id={id} /> : <ChannelsPage />;
  }
  return (
    <Alert color="gray" title="Page not found" role="alert">
      Nothing lives at this address. Pick a page in the menu.
    </Alert>
  );
}

function AdminsOnly({ role, what }: { role: string; what: string }) {
  return (
    <Alert color="orange" title="Admins only" role="alert">
      Your role ({role}) cannot see {what}. Ask an admin of the workspace.
    </Alert>
  );
}
