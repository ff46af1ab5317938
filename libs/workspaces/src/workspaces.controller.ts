import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiData } from '@relay/common';
import { CurrentPrincipal, RequirePermissions } from '@relay/auth';
import type { Principal } from '@relay/auth';
import { WorkspaceResponse } from './dto/workspace.response';
import { toWorkspaceResponse } from './workspace.mapper';
import { WorkspacesService } from './workspaces.service';

@ApiTags('Workspace')
@Controller('workspace')
export class WorkspacesController {
  constructor(private readonly workspaces: WorkspacesService) {}

  @Get()
  @RequirePermissions()
  @ApiOperation({ operationId: 'getWorkspace', summary: "The calling key's workspace" })
  @ApiData(WorkspaceResponse)
  async current(@CurrentPrincipal() principal: Principal): Promise<WorkspaceResponse> {
    return toWorkspaceResponse(await this.workspaces.current(principal));
  }
}
