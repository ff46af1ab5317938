import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeysModule } from '@relay/api-keys';
import { SessionsModule } from '@relay/sessions';
import { UsersModule } from '@relay/users';
import { FirstStartBootstrapper } from './first-start.bootstrapper';
import { Workspace } from './workspace.entity';
import { WorkspaceProvisioningService } from './workspace-provisioning.service';
import { WorkspacesController } from './workspaces.controller';
import { WorkspacesService } from './workspaces.service';

@Module({
  imports: [TypeOrmModule.forFeature([Workspace]), UsersModule, ApiKeysModule],
  controllers: [WorkspacesController],
  providers: [WorkspacesService, WorkspaceProvisioningService],
  exports: [WorkspacesService, WorkspaceProvisioningService],
})
export class WorkspacesModule {}

/** First-start bootstrap: imported by the API app only, so the CLI never prints a key by surprise. */
@Module({
  imports: [WorkspacesModule, SessionsModule],
  providers: [FirstStartBootstrapper],
})
export class FirstStartModule {}
