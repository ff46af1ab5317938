import { Environment } from './environment';

export interface DatabaseConfig {
  url: string;
}

export interface ThrottleConfig {
  limitPerMinute: number;
  redisUrl?: string;
}

export interface WebhooksConfig {
  retryDelaysSeconds: number[];
  allowPrivateTargets: boolean;
  /** Whether the API process runs webhook delivery itself (workers always do). */
  delivery: 'embedded' | 'off';
}

/** The typed, validated configuration every module receives through DI (token RelayConfig). */
export class RelayConfig {
  readonly port: number;
  readonly host: string;
  readonly logLevel: string;
  readonly bootstrapKey?: string;
  readonly database: DatabaseConfig;
  readonly throttle: ThrottleConfig;
  readonly webhooks: WebhooksConfig;
  /** Bytes of rendered ticket pages kept per process (0: none). */
  readonly ticketPageCacheBytes: number;

  constructor(env: Environment) {
    this.port = env.PORT;
    this.host = env.HOST;
    this.logLevel = env.LOG_LEVEL;
    this.bootstrapKey = env.RELAY_BOOTSTRAP_KEY;
    this.database = { url: env.DATABASE_URL };
    this.ticketPageCacheBytes = env.TICKET_PAGE_CACHE_MB * 1024 * 1024;
    this.throttle = { limitPerMinute: env.RATE_LIMIT_PER_MINUTE, redisUrl: env.REDIS_URL };
    this.webhooks = {
      retryDelaysSeconds: env.WEBHOOK_RETRY_DELAYS.split(',').map((s) => Number(s.trim())),
      allowPrivateTargets: env.WEBHOOK_ALLOW_PRIVATE_TARGETS,
      delivery: env.WEBHOOK_DELIVERY,
    };
  }
}
