import { INestApplication, RequestMethod } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { codeSamplesPlugin, toPostmanCollection } from '@relay/common';
import { buildOpenApiDocument } from './openapi';
import { serveSettingsApp } from './settings-app';

export const API_PREFIX = 'api/v1';

/** Options for creating the app: our own JSON parser replaces Nest's (see createFastifyAdapter). */
export const APP_OPTIONS = { bodyParser: false, bufferLogs: true } as const;

/**
 * Everything the API needs beyond its modules, shared by main.ts and the e2e tests so that
 * the tests drive exactly the app that ships.
 */
export async function configureApp(app: NestFastifyApplication): Promise<void> {
  app.useLogger(app.get(Logger));
  // What Nest logged while the app was built, now through pino (main.ts keeps it buffered so
  // that a failed start prints its one line, not Nest's stack traces).
  app.flushLogs();
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
    ],
  });
  const document = buildOpenApiDocument(app as INestApplication);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'openapi.json',
    raw: ['json'],
    customSiteTitle: 'Relay API',
    swaggerOptions: { plugins: [codeSamplesPlugin] },
  });
  // Like /openapi.json: no key, outside the API prefix and rate limits.
  const collection = JSON.stringify(toPostmanCollection(document));
  app
    .getHttpAdapter()
    .getInstance()
    .get('/postman.json', (_request, reply) => {
      void reply.type('application/json; charset=utf-8').send(collection);
    });
  // The Settings app (apps/web), a client of this same API on the same origin.
  serveSettingsApp(app.getHttpAdapter().getInstance());
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
}
