import { iso } from '@relay/common';
import { WorkspaceResponse } from './dto/workspace.response';
import { Workspace } from './workspace.entity';

export function toWorkspaceResponse(workspace: Workspace): WorkspaceResponse {
  return {
    id: workspace.id,
    name: workspace.name,
    sandbox: workspace.sandbox,
    created_at: iso(workspace.createdAt),
    updated_at: iso(workspace.updatedAt),
  };
}
