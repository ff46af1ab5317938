import { Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { RelayConfig } from '@relay/common';

/**
 * Structured JSON logs (pino) carrying the request id. Credentials are redacted: the
 * Authorization header never reaches a log line.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [RelayConfig],
      useFactory: (config: RelayConfig) => ({
        forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
        pinoHttp: {
          level: config.logLevel,
          genReqId: (req) => (req as { id?: string }).id ?? '',
          customProps: (req) => ({ request_id: (req as { id?: string }).id }),
          redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]'], censor: '[redacted]' },
          serializers: {
            req: (req: { id: string; method: string; url: string; headers: Record<string, unknown> }) => ({
              id: req.id,
              method: req.method,
              url: req.url,
              headers: req.headers,
            }),
          },
          autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
