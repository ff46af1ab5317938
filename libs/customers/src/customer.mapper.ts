import { iso } from '@relay/common';
import { Customer } from './customer.entity';
import { CustomerResponse } from './dto/customer.response';

export function toCustomerResponse(customer: Customer): CustomerResponse {
  return {
    id: customer.id,
    email: customer.email,
    name: customer.name,
    phone: customer.phone,
    external_id: customer.externalId,
    created_at: iso(customer.createdAt),
    updated_at: iso(customer.updatedAt),
  };
}
