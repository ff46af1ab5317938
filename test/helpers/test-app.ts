import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test, TestingModuleBuilder } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { createFastifyAdapter, loadConfig, RelayConfig } from '@relay/common';
import { TransactionRunner } from '@relay/database';
import { ApiKeysService } from '@relay/api-keys';
import { UsersService } from '@relay/users';
import { WorkspaceProvisioningService } from '@relay/workspaces';
import type { Permission, Role } from '@relay/auth';
import { AppModule } from '../../apps/api/src/app.module';
import { APP_OPTIONS, configureApp } from '../../apps/api/src/app.setup';
import { createTestDatabase, TestDatabase } from './test-database';

export interface TestApp {
  app: NestFastifyApplication;
  http: ReturnType<typeof request>;
  database: TestDatabase;
  /** The bootstrap admin key of the "Default" workspace. */
  adminKey: string;
  close(): Promise<void>;
}

/**
 * Boots the real AppModule (the one main.ts serves) on a fresh database, with a high rate
 * limit unless a test asks for another, and no log noise. `override` swaps providers (e.g. a
 * DNS resolver) where the real one cannot work offline.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  database?: TestDatabase,
  override: (builder: TestingModuleBuilder) => TestingModuleBuilder = (builder) => builder,
): Promise<TestApp> {
  const db = database ?? (await createTestDatabase());
  const adminKey = `rly_${randomBytes(24).toString('hex')}`;
  const config = loadConfig({
    ...process.env,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '100000',
    REDIS_URL: '',
    ...env,
    DATABASE_URL: db.url,
    RELAY_BOOTSTRAP_KEY: adminKey,
  });
  const moduleRef = await override(
    Test.createTestingModule({ imports: [AppModule] })
      .overrideProvider(RelayConfig)
      .useValue(config),
  ).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(config.http), { ...APP_OPTIONS, logger: false });
  await configureApp(app);
  return {
    app,
    http: request(app.getHttpServer()),
    database: db,
    adminKey,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

export interface Session {
  workspaceId: string;
  userId: string;
  key: string;
}

/**
 * A workspace with a user of each role and a key for each, provisioned the way the CLI does
 * (`workspace:create`, `user:create`, `api-key:create`).
 */
export async function createWorkspace(app: NestFastifyApplication, name = 'Test'): Promise<Record<Role, Session>> {
  const tag = randomBytes(4).toString('hex');
  const { workspace, admin, secret } = await app
    .get(WorkspaceProvisioningService)
    .provision({ name, adminEmail: `admin-${tag}@example.com` });
  const sessions: Partial<Record<Role, Session>> = { admin: { workspaceId: workspace.id, userId: admin.id, key: secret } };
  for (const role of ['agent', 'viewer'] as const) {
    sessions[role] = await addUser(app, workspace.id, role, `${role}-${tag}@example.com`);
  }
  return sessions as Record<Role, Session>;
}

export async function addUser(
  app: NestFastifyApplication,
  workspaceId: string,
  role: Role,
  email: string,
  scopes?: Permission[],
): Promise<Session> {
  return app.get(TransactionRunner).run(async (manager) => {
    const user = await app.get(UsersService).createIn(manager, workspaceId, { email, name: `${role} user`, role });
    const { secret } = await app.get(ApiKeysService).issueIn(manager, { workspaceId, userId: user.id, name: 'test', scopes });
    return { workspaceId, userId: user.id, key: secret };
  });
}

export const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });
