import { ApiExtension } from '@nestjs/swagger';

/**
 * Marks a route that only makes sense with a person's password or session cookie (not with an
 * API key alone): the Postman collection, run with a key, leaves it out.
 */
export const BrowserSession = (): MethodDecorator => ApiExtension('x-browser-session', true);
