import { INestApplicationContext, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiError, ConfigurationError, loadConfig, RelayConfigModule, RelayValidationPipe } from '@relay/common';
import { DatabaseModule, DatabaseStartupError } from '@relay/database';
import { ApiKeysModule } from '@relay/api-keys';
import { ConversationsModule } from '@relay/conversations';
import { CustomersModule } from '@relay/customers';
import { TagsModule } from '@relay/tags';
import { TicketsModule } from '@relay/tickets';
import { SessionsModule } from '@relay/sessions';
import { UsersModule } from '@relay/users';
import { WorkspacesModule } from '@relay/workspaces';
import { DemoSeeder } from './seed/demo-seeder';
import { CliError } from './cli-error';

/** What the admin commands work with: the server's configuration and database, no HTTP. */
@Module({
  imports: [
    RelayConfigModule,
    DatabaseModule,
    UsersModule,
    ApiKeysModule,
    WorkspacesModule,
    CustomersModule,
    TagsModule,
    TicketsModule,
    ConversationsModule,
    SessionsModule,
  ],
  providers: [DemoSeeder],
})
class CliModule {}

/**
 * Runs `work` on the application, closed afterwards. Loaded only once the arguments are valid.
 * The configuration is checked first, so a bad value gives the server's one line; database and
 * domain errors become one line too (CliError).
 */
export async function withApp<T>(work: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  let app: INestApplicationContext | undefined;
  try {
    loadConfig();
    app = await NestFactory.createApplicationContext(CliModule, { logger: false, abortOnError: false });
    return await work(app);
  } catch (error) {
    throw asCliError(error);
  } finally {
    await app?.close();
  }
}

/** The API's validation of a request body, for values given as `--flags`. */
export async function validateAsApi<T extends object>(
  dto: Type<T>,
  values: Record<string, unknown>,
  flags: Record<string, string>,
): Promise<T> {
  try {
    return (await new RelayValidationPipe().transform(values, { type: 'body', metatype: dto })) as T;
  } catch (error) {
    const detail = error instanceof ApiError ? error.details[0] : undefined;
    if (!detail?.field) throw new CliError(`error: ${(error as Error).message}`);
    throw new CliError(`error: ${flags[detail.field] ?? detail.field} ${detail.message}`);
  }
}

function asCliError(error: unknown): unknown {
  if (error instanceof CliError) return error;
  if (error instanceof ConfigurationError || error instanceof DatabaseStartupError) return new CliError(error.message);
  if (error instanceof ApiError) return new CliError(`error: ${error.message}`);
  return error;
}
