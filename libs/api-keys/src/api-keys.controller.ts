import { Body, Controller, Delete, Get, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiData, ApiErrors, ApiNoContent, ApiPage, ErrorCode, ErrorResponseDto, Page } from '@relay/common';
import { CurrentPrincipal, RequirePermissions } from '@relay/auth';
import { Idempotent, NeverStoredForReplay } from '@relay/idempotency';
import type { Principal } from '@relay/auth';
import { KEYS_CREATED_PER_HOUR, MAX_ACTIVE_KEYS_PER_USER } from './api-key-quota';
import { toApiKeyResponse } from './api-key.mapper';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyResponse, CreatedApiKeyResponse } from './dto/api-key.response';
import { CreateApiKeyDto } from './dto/create-api-key.dto';
import { ListApiKeysQuery } from './dto/list-api-keys.query';

@ApiTags('API keys')
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Get()
  @RequirePermissions('api_keys:read')
  @ApiOperation({
    operationId: 'listApiKeys',
    summary: "List API keys: the caller's user's own; an admin's key sees every key of the workspace",
  })
  @ApiPage(ApiKeyResponse)
  @ApiErrors(ErrorCode.ValidationFailed)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListApiKeysQuery): Promise<Page<ApiKeyResponse>> {
    return (await this.keys.list(principal, query)).map(toApiKeyResponse);
  }

  @Post()
  @Idempotent()
  @ApiResponse({
    status: HttpStatus.CONFLICT,
    description: `\`conflict\`: the user already holds ${MAX_ACTIVE_KEYS_PER_USER} active keys (revoke one first), or the same Idempotency-Key is still in flight.`,
    type: ErrorResponseDto,
  })
  @ApiResponse({
    status: HttpStatus.TOO_MANY_REQUESTS,
    description: `\`rate_limited\`: the calling key's rate limit, or ${KEYS_CREATED_PER_HOUR} keys created by this user in the last hour (revoked ones count); retry after Retry-After seconds.`,
    type: ErrorResponseDto,
  })
  @RequirePermissions('api_keys:write')
  @ApiOperation({
    operationId: 'createApiKey',
    summary: 'Create an API key for the calling user; the secret is in the response, once',
    description:
      `The new key is never wider nor longer-lived than the calling key: \`scopes\` must be held by it (else 403) and default to its scopes; ` +
      `\`expires_at\` must not be later than its expiry (else 400) and defaults to it. A user holds at most ${MAX_ACTIVE_KEYS_PER_USER} active keys ` +
      `(409) and creates at most ${KEYS_CREATED_PER_HOUR} per rolling hour (429).`,
  })
  @ApiData(CreatedApiKeyResponse, HttpStatus.CREATED)
  @ApiErrors(ErrorCode.ValidationFailed)
  @NeverStoredForReplay('key')
  async create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateApiKeyDto): Promise<CreatedApiKeyResponse> {
    const { apiKey, secret } = await this.keys.create(principal, dto);
    return { ...toApiKeyResponse(apiKey), key: secret };
  }

  @Delete(':id')
  @RequirePermissions('api_keys:write')
  @ApiOperation({
    operationId: 'revokeApiKey',
    summary: "Revoke a key: the caller's user's own; an admin's key may revoke any key of the workspace",
  })
  @ApiNoContent('Revoked; the key answers 401 from now on.')
  @ApiErrors(ErrorCode.NotFound)
  async revoke(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.keys.revoke(principal, id);
  }
}
