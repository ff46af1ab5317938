export * from './workspaces.module';
export * from './workspaces.service';
export * from './workspace-provisioning.service';
export * from './workspace.entity';
