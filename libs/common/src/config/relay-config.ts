import { Environment } from './environment';
import { parseTrustProxy, TrustProxy } from './trust-proxy';

export interface DatabaseConfig {
  url: string;
  /** Whether TransactionRunner tracks which code runs inside a unit (AsyncLocalStorage), to refuse a nested run on PostgreSQL. */
  unitChecks: boolean;
  /** QUERY_TIME_BUDGET_MS: the longest a statement made for a request may take. */
  queryBudgetMs: number;
  /** SQLITE_READ_WORKERS: read-only worker connections of a SQLite file (0: none). */
  readWorkers: number;
}

export interface HttpConfig {
  /** Fastify's trustProxy: whose X-Forwarded-For decides the client IP. */
  trustProxy: TrustProxy;
}

export interface ThrottleConfig {
  limitPerMinute: number;
  redisUrl?: string;
}

export interface WebhooksConfig {
  retryDelaysSeconds: number[];
  allowPrivateTargets: boolean;
  /** How long a rotated-out secret still signs deliveries beside the new one. */
  secretOverlapMs: number;
  /** Whether the API process runs webhook delivery itself (workers always do). */
  delivery: 'embedded' | 'off';
}

export interface NotificationsConfig {
  /** Lower-cased host names a channel URL may use. */
  allowedHosts: string[];
  maxPerSecond: number;
}

export interface AutomationConfig {
  /** AUTOMATION_RUN_RETENTION_DAYS: how long a run-log entry is kept. */
  runRetentionMs: number;
}

export interface SessionsConfig {
  /** Failed sign-ins per IP and per email in a 15-minute window. */
  attemptsPer15Min: number;
  idleMs: number;
  maxAgeMs: number;
}

/** The typed, validated configuration every module receives through DI (token RelayConfig). */
export class RelayConfig {
  readonly port: number;
  readonly host: string;
  readonly logLevel: string;
  readonly bootstrapKey?: string;
  readonly database: DatabaseConfig;
  readonly http: HttpConfig;
  readonly throttle: ThrottleConfig;
  readonly webhooks: WebhooksConfig;
  readonly notifications: NotificationsConfig;
  readonly sessions: SessionsConfig;
  readonly automation: AutomationConfig;
  /** Bytes of rendered ticket pages kept per process (0: none). */
  readonly ticketPageCacheBytes: number;

  constructor(env: Environment) {
    this.port = env.PORT;
    this.host = env.HOST;
    this.logLevel = env.LOG_LEVEL;
    this.bootstrapKey = env.RELAY_BOOTSTRAP_KEY;
    this.database = {
      url: env.DATABASE_URL,
      unitChecks: env.RELAY_UNIT_CHECKS ?? (env.NODE_ENV === 'test' || env.NODE_ENV === 'development'),
      queryBudgetMs: env.QUERY_TIME_BUDGET_MS,
      readWorkers: env.SQLITE_READ_WORKERS,
    };
    this.http = { trustProxy: parseTrustProxy(env.TRUST_PROXY)! };
    this.ticketPageCacheBytes = env.TICKET_PAGE_CACHE_MB * 1024 * 1024;
    this.throttle = { limitPerMinute: env.RATE_LIMIT_PER_MINUTE, redisUrl: env.REDIS_URL };
    this.webhooks = {
      retryDelaysSeconds: env.WEBHOOK_RETRY_DELAYS.split(',').map((s) => Number(s.trim())),
      allowPrivateTargets: env.WEBHOOK_ALLOW_PRIVATE_TARGETS,
      secretOverlapMs: env.WEBHOOK_SECRET_OVERLAP_HOURS * 3_600_000,
      delivery: env.WEBHOOK_DELIVERY,
    };
    this.notifications = {
      allowedHosts: env.NOTIFICATION_ALLOWED_HOSTS.split(',').map((s) => s.trim().toLowerCase()),
      maxPerSecond: env.NOTIFY_MAX_PER_SECOND,
    };
    this.automation = { runRetentionMs: env.AUTOMATION_RUN_RETENTION_DAYS * 86_400_000 };
    this.sessions = {
      attemptsPer15Min: env.AUTH_ATTEMPTS_PER_15_MIN,
      idleMs: Math.round(env.SESSION_IDLE_HOURS * 3_600_000),
      maxAgeMs: Math.round(env.SESSION_MAX_DAYS * 86_400_000),
    };
  }
}
