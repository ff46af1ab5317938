import { CreateCustomerDto } from './create-customer.dto';

/** Every field optional; `null` clears it (a customer keeps an email or an external_id). */
export class UpdateCustomerDto extends CreateCustomerDto {}
