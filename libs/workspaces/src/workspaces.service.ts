import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ApiError, ErrorCode, notFound } from '@relay/common';
import type { Principal } from '@relay/auth';
import { Workspace } from './workspace.entity';

@Injectable()
export class WorkspacesService {
  constructor(@InjectRepository(Workspace) private readonly workspaces: Repository<Workspace>) {}

  exists(id: string): Promise<boolean> {
    return this.workspaces.existsBy({ id });
  }

  /** The first workspace created, or null on an empty installation. */
  async oldest(): Promise<Workspace | null> {
    const [oldest] = await this.workspaces.find({ order: { createdAt: 'ASC', id: 'ASC' }, take: 1 });
    return oldest ?? null;
  }

  async current(principal: Principal): Promise<Workspace> {
    const workspace = await this.workspaces.findOneBy({ id: principal.workspaceId });
    if (!workspace) throw notFound('workspace');
    return workspace;
  }

  /** For admin tools that name a workspace by id: a wrong id is said in words, not as a foreign-key failure. */
  async byId(id: string): Promise<Workspace> {
    const workspace = await this.workspaces.findOneBy({ id });
    if (!workspace) throw new ApiError(ErrorCode.NotFound, `workspace ${id} not found`);
    return workspace;
  }
}
