import { Body, Controller, Delete, Get, HttpStatus, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiData, ApiErrors, ApiNoContent, ApiPage, ErrorCode, Page } from '@relay/common';
import { CurrentPrincipal, RequirePermissions } from '@relay/auth';
import type { Principal } from '@relay/auth';
import { toCustomerResponse } from './customer.mapper';
import { CustomersService } from './customers.service';
import { CreateCustomerDto } from './dto/create-customer.dto';
import { CustomerResponse } from './dto/customer.response';
import { ListCustomersQuery } from './dto/list-customers.query';
import { UpdateCustomerDto } from './dto/update-customer.dto';
import { UpsertCustomerDto } from './dto/upsert-customer.dto';
import { Idempotent } from '@relay/idempotency';

@ApiTags('Customers')
@Controller('customers')
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  @Get()
  @RequirePermissions('customers:read')
  @ApiOperation({ operationId: 'listCustomers', summary: 'List customers, filtered by email, external_id, text or dates' })
  @ApiPage(CustomerResponse)
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.InvalidCursor)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListCustomersQuery): Promise<Page<CustomerResponse>> {
    return (await this.customers.list(principal, query)).map(toCustomerResponse);
  }

  @Post()
  @Idempotent()
  @RequirePermissions('customers:write')
  @ApiOperation({ operationId: 'createCustomer', summary: 'Create a customer (email or external_id required)' })
  @ApiData(CustomerResponse, HttpStatus.CREATED)
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.Conflict)
  async create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateCustomerDto): Promise<CustomerResponse> {
    return toCustomerResponse(await this.customers.create(principal, dto));
  }

  @Put('by-external-id/:external_id')
  @RequirePermissions('customers:write')
  @ApiOperation({ operationId: 'upsertCustomerByExternalId', summary: 'Create or update the customer with this external_id (CRM sync)' })
  @ApiParam({ name: 'external_id', example: 'crm-10042', description: "Your CRM's id for the customer (at most 255 characters)." })
  @ApiData(CustomerResponse, HttpStatus.OK, 'Updated the existing customer')
  @ApiResponse({
    status: HttpStatus.CREATED,
    description: 'Created a new customer',
    schema: { type: 'object', required: ['data'], properties: { data: { $ref: getSchemaPath(CustomerResponse) } } },
  })
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.Conflict)
  async upsert(
    @CurrentPrincipal() principal: Principal,
    @Param('external_id') externalId: string,
    @Body() dto: UpsertCustomerDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CustomerResponse> {
    const { customer, created } = await this.customers.upsertByExternalId(principal, externalId, dto);
    reply.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return toCustomerResponse(customer);
  }

  @Get(':id')
  @RequirePermissions('customers:read')
  @ApiOperation({ operationId: 'getCustomer', summary: 'Get a customer' })
  @ApiData(CustomerResponse)
  @ApiErrors(ErrorCode.NotFound)
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<CustomerResponse> {
    return toCustomerResponse(await this.customers.get(principal, id));
  }

  @Patch(':id')
  @RequirePermissions('customers:write')
  @ApiOperation({ operationId: 'updateCustomer', summary: 'Update a customer; null clears a field' })
  @ApiData(CustomerResponse)
  @ApiErrors(ErrorCode.ValidationFailed, ErrorCode.NotFound, ErrorCode.Conflict)
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() dto: UpdateCustomerDto,
  ): Promise<CustomerResponse> {
    return toCustomerResponse(await this.customers.update(principal, id, dto));
  }

  @Delete(':id')
  @RequirePermissions('customers:write')
  @ApiOperation({ operationId: 'deleteCustomer', summary: 'Delete a customer who has no tickets' })
  @ApiNoContent('Deleted.')
  @ApiErrors(ErrorCode.NotFound, ErrorCode.Conflict)
  async remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.customers.remove(principal, id);
  }
}
