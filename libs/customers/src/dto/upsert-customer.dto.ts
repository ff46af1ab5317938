import { CustomerFieldsDto } from './create-customer.dto';

/** PUT /customers/by-external-id/{external_id}: the external id comes from the path. */
export class UpsertCustomerDto extends CustomerFieldsDto {}
