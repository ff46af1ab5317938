import { Module } from '@nestjs/common';
import { RelayConfigModule } from '@relay/common';
import { DatabaseModule } from '@relay/database';
import { ApiKeysModule } from '@relay/api-keys';
import { ConversationsModule } from '@relay/conversations';
import { CustomersModule } from '@relay/customers';
import { TagsModule } from '@relay/tags';
import { TicketsModule } from '@relay/tickets';
import { UsersModule } from '@relay/users';
import { WorkspacesModule } from '@relay/workspaces';
import { ApiKeyCreateCommand } from './commands/api-key-create.command';
import { SeedDemoCommand } from './commands/seed-demo.command';
import { UserCreateCommand } from './commands/user-create.command';
import { WorkspaceCreateCommand } from './commands/workspace-create.command';
import { DemoSeeder } from './seed/demo-seeder';

/** Admin commands on the same database configuration as the server. */
@Module({
  imports: [RelayConfigModule, DatabaseModule, UsersModule, ApiKeysModule, WorkspacesModule, CustomersModule, TagsModule, TicketsModule, ConversationsModule],
  providers: [WorkspaceCreateCommand, UserCreateCommand, ApiKeyCreateCommand, SeedDemoCommand, DemoSeeder],
})
export class CliModule {}
