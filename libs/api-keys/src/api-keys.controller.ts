import { Body, Controller, Delete, Get, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiData, ApiErrors, ApiNoContent, ApiPage, ErrorCode, Page } from '@relay/common';
import { CurrentPrincipal, RequirePermissions } from '@relay/auth';
import { Idempotent, NeverStoredForReplay } from '@relay/idempotency';
import type { Principal } from '@relay/auth';
import { toApiKeyResponse } from './api-key.mapper';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyResponse, CreatedApiKeyResponse } from './dto/api-key.response';
import { CreateApiKeyDto } from './dto/create-api-key.dto';
import { ListApiKeysQuery } from './dto/list-api-keys.query';

@ApiTags('API keys')
@Controller('api-keys')
@RequirePermissions()
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Get()
  @ApiOperation({ operationId: 'listApiKeys', summary: "List API keys: the caller's own, or every key of the workspace with api_keys:read" })
  @ApiPage(ApiKeyResponse)
  @ApiErrors(ErrorCode.ValidationFailed)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListApiKeysQuery): Promise<Page<ApiKeyResponse>> {
    return (await this.keys.list(principal, query)).map(toApiKeyResponse);
  }

  @Post()
  @Idempotent()
  @ApiOperation({ operationId: 'createApiKey', summary: 'Create an API key for the calling user; the secret is in the response, once' })
  @ApiData(CreatedApiKeyResponse, HttpStatus.CREATED)
  @ApiErrors(ErrorCode.ValidationFailed)
  @NeverStoredForReplay('key')
  async create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateApiKeyDto): Promise<CreatedApiKeyResponse> {
    const { apiKey, secret } = await this.keys.create(principal, dto);
    return { ...toApiKeyResponse(apiKey), key: secret };
  }

  @Delete(':id')
  @ApiOperation({ operationId: 'revokeApiKey', summary: 'Revoke a key (own keys; any key of the workspace with api_keys:write)' })
  @ApiNoContent('Revoked; the key answers 401 from now on.')
  @ApiErrors(ErrorCode.NotFound)
  async revoke(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.keys.revoke(principal, id);
  }
}
