import { Global, Module } from '@nestjs/common';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CursorCodec, KeysetPaginator, RelayConfig } from '@relay/common';
import { connectDatabase } from './database-connection';
import { dataSourceOptions } from './database-url';
import { runMigrations } from './migration-runner';
import { installationSecret } from './system-settings';
import { StorageSpace } from './storage-space';
import { SyncHorizon } from './sync-horizon';
import { TransactionRunner } from './transaction-runner';

/**
 * The data layer: one DataSource from DATABASE_URL, migrations applied before anything else
 * uses it, the transaction runner, and the keyset paginator with the shared cursor secret and the sync horizon.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [RelayConfig],
      useFactory: (config: RelayConfig) => ({
        ...dataSourceOptions(config.database.url, config.database.queryBudgetMs),
        autoLoadEntities: true,
        // connectDatabase retries what is worth retrying, with one line per try.
        toRetry: () => false,
      }),
      dataSourceFactory: async (options) => {
        const dataSource = await connectDatabase(options!);
        await runMigrations(dataSource);
        return dataSource;
      },
    }),
  ],
  providers: [
    TransactionRunner,
    SyncHorizon,
    StorageSpace,
    {
      provide: KeysetPaginator,
      inject: [getDataSourceToken(), SyncHorizon],
      useFactory: async (dataSource: DataSource, horizon: SyncHorizon) =>
        new KeysetPaginator(new CursorCodec(await installationSecret(dataSource, 'cursor_secret')), () => horizon.current()),
    },
  ],
  exports: [TransactionRunner, KeysetPaginator, SyncHorizon, StorageSpace],
})
export class DatabaseModule {}
