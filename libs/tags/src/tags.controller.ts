import { Body, Controller, Delete, Get, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiData, ApiErrors, ApiNoContent, ApiPage, ErrorCode, Page } from '@relay/common';
import { CurrentPrincipal, RequirePermissions } from '@relay/auth';
import type { Principal } from '@relay/auth';
import { ListTagsQuery } from './dto/list-tags.query';
import { TagNameDto } from './dto/tag-name.dto';
import { TagResponse } from './dto/tag.response';
import { toTagResponse } from './tag.mapper';
import { TagsService } from './tags.service';
import { Idempotent } from '@relay/idempotency';

@ApiTags('Tags')
@Controller('tags')
export class TagsController {
  constructor(private readonly tags: TagsService) {}

  @Get()
  @RequirePermissions('tags:read')
  @ApiOperation({ operationId: 'listTags', summary: 'List tags with the number of tickets carrying each' })
  @ApiPage(TagResponse)
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.InvalidCursor)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListTagsQuery): Promise<Page<TagResponse>> {
    return (await this.tags.list(principal, query)).map(toTagResponse);
  }

  @Post()
  @Idempotent()
  @RequirePermissions('tags:write')
  @ApiOperation({ operationId: 'createTag', summary: 'Create a tag' })
  @ApiData(TagResponse, HttpStatus.CREATED)
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.Conflict)
  async create(@CurrentPrincipal() principal: Principal, @Body() dto: TagNameDto): Promise<TagResponse> {
    return toTagResponse(await this.tags.create(principal, dto.name));
  }

  @Get(':id')
  @RequirePermissions('tags:read')
  @ApiOperation({ operationId: 'getTag', summary: 'Get a tag' })
  @ApiData(TagResponse)
  @ApiErrors(ErrorCode.NotFound)
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<TagResponse> {
    return toTagResponse(await this.tags.get(principal, id));
  }

  @Patch(':id')
  @RequirePermissions('tags:write')
  @ApiOperation({ operationId: 'renameTag', summary: 'Rename a tag; every ticket carrying it shows the new name' })
  @ApiData(TagResponse)
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.NotFound, ErrorCode.Conflict)
  async rename(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: TagNameDto): Promise<TagResponse> {
    return toTagResponse(await this.tags.rename(principal, id, dto.name));
  }

  @Delete(':id')
  @RequirePermissions('tags:write')
  @ApiOperation({ operationId: 'deleteTag', summary: 'Delete a tag, removing it from every ticket' })
  @ApiNoContent('Deleted and removed from every ticket.')
  @ApiErrors(ErrorCode.NotFound)
  async remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.tags.remove(principal, id);
  }
}
