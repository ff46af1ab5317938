import { Body, Controller, Delete, Get, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiData, ApiErrors, ApiNoContent, ApiPage, ErrorCode, Page } from '@relay/common';
import { CurrentPrincipal, RequirePermissions } from '@relay/auth';
import type { Principal } from '@relay/auth';
import { CreateNoteDto } from './dto/create-note.dto';
import { ListNotesQuery } from './dto/list-notes.query';
import { NoteResponse } from './dto/note.response';
import { toNoteResponse } from './note.mapper';
import { NotesService } from './notes.service';

@ApiTags('Notes')
@Controller('notes')
export class NotesController {
  constructor(private readonly notes: NotesService) {}

  @Get()
  @RequirePermissions('notes:read')
  @ApiOperation({ operationId: 'listNotes', summary: 'List notes' })
  @ApiPage(NoteResponse)
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.InvalidCursor)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListNotesQuery): Promise<Page<NoteResponse>> {
    return (await this.notes.list(principal, query)).map(toNoteResponse);
  }

  @Post()
  @RequirePermissions('notes:write')
  @ApiOperation({ operationId: 'createNote', summary: 'Create a note' })
  @ApiData(NoteResponse, HttpStatus.CREATED)
  @ApiErrors(ErrorCode.ValidationFailed)
  async create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateNoteDto): Promise<NoteResponse> {
    return toNoteResponse(await this.notes.create(principal, dto.body));
  }

  @Get(':id')
  @RequirePermissions('notes:read')
  @ApiOperation({ operationId: 'getNote', summary: 'Get a note' })
  @ApiData(NoteResponse)
  @ApiErrors(ErrorCode.NotFound)
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<NoteResponse> {
    return toNoteResponse(await this.notes.get(principal, id));
  }

  @Delete(':id')
  @RequirePermissions('notes:write')
  @ApiOperation({ operationId: 'deleteNote', summary: 'Delete a note' })
  @ApiNoContent('Deleted.')
  @ApiErrors(ErrorCode.NotFound)
  async remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.notes.remove(principal, id);
  }
}
