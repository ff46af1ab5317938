import { Body, Controller, Get, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiData, ApiErrors, ApiPage, ErrorCode, Page } from '@relay/common';
import { CurrentPrincipal, RequirePermissions } from '@relay/auth';
import type { Principal } from '@relay/auth';
import { CreateUserDto } from './dto/create-user.dto';
import { ListUsersQuery } from './dto/list-users.query';
import { UpdateUserDto } from './dto/update-user.dto';
import { UserResponse } from './dto/user.response';
import { User } from './user.entity';
import { UsersService } from './users.service';
import { Idempotent } from '@relay/idempotency';

@ApiTags('Users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @RequirePermissions('users:read')
  @ApiOperation({ operationId: 'listUsers', summary: 'List the users of the workspace' })
  @ApiPage(UserResponse)
  @ApiErrors(ErrorCode.ValidationFailed)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListUsersQuery): Promise<Page<UserResponse>> {
    const page = await this.users.list(principal, query);
    return new Page(await this.users.responses(page.items), page.meta);
  }

  @Get('me')
  @RequirePermissions()
  @ApiOperation({ operationId: 'getCurrentUser', summary: 'The user whose API key is calling' })
  @ApiData(UserResponse)
  async me(@CurrentPrincipal() principal: Principal): Promise<UserResponse> {
    return this.users.response(principal, principal.userId);
  }

  @Get(':id')
  @RequirePermissions('users:read')
  @ApiOperation({ operationId: 'getUser', summary: 'Get a user' })
  @ApiData(UserResponse)
  @ApiErrors(ErrorCode.NotFound)
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<UserResponse> {
    return this.users.response(principal, id);
  }

  @Post()
  @Idempotent()
  @RequirePermissions('users:write')
  @ApiOperation({ operationId: 'createUser', summary: 'Add a user (admin)' })
  @ApiData(UserResponse, HttpStatus.CREATED)
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.Conflict)
  async create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateUserDto): Promise<UserResponse> {
    return this.one(await this.users.create(principal, dto));
  }

  @Patch(':id')
  @RequirePermissions('users:write')
  @ApiOperation({ operationId: 'updateUser', summary: 'Rename, change the role of, or (de)activate a user (admin)' })
  @ApiData(UserResponse)
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.NotFound, ErrorCode.Conflict)
  async update(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: UpdateUserDto): Promise<UserResponse> {
    return this.one(await this.users.update(principal, id, dto));
  }

  private async one(user: User): Promise<UserResponse> {
    return (await this.users.responses([user]))[0];
  }
}
