import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateBy,
  ValidationError,
  validateSync,
} from 'class-validator';
import { parseTrustProxy } from './trust-proxy';

const toBoolean = ({ value }: { value: unknown }) =>
  value === undefined ? undefined : value === 'true' ? true : value === 'false' ? false : value;
const WHOLE = { message: 'must be a whole number' };
const toInteger = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : /^-?\d+$/.test(String(value)) ? Number(value) : value;
const toNumber = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : /^\d+(\.\d+)?$/.test(String(value)) ? Number(value) : value;

/** Every environment variable Relay reads (contract §8). Nothing else reads process.env. */
export class Environment {
  @IsOptional()
  @Transform(toInteger)
  @IsInt(WHOLE)
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  /** The address to listen on: 0.0.0.0 (every IPv4 interface), 127.0.0.1, ::, a hostname. */
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9.:_-]+$/, { message: 'must be an IP address or a hostname' })
  HOST: string = '0.0.0.0';

  @IsOptional()
  @IsString()
  @Matches(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, {
    message: 'must be sqlite:<path>, sqlite::memory: or postgres://user@host:port/db',
  })
  DATABASE_URL: string = 'sqlite:./data/relay.sqlite';

  @IsOptional()
  @IsString()
  @Matches(/^rediss?:\/\/.+/, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /** The first admin key, as generated keys are: `rly_` and enough entropy that its shown prefix gives little away. */
  @IsOptional()
  @ValidateBy({
    name: 'strongKey',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isStrongBootstrapKey(value),
      defaultMessage: () =>
        'must be rly_ followed by 32 to 196 non-space characters, at least 12 of them distinct and not one short pattern repeated',
    },
  })
  RELAY_BOOTSTRAP_KEY?: string;

  @IsOptional()
  @Transform(toInteger)
  @IsInt(WHOLE)
  @Min(1)
  @Max(1_000_000)
  RATE_LIMIT_PER_MINUTE: number = 100;

  @IsOptional()
  @IsString()
  @Matches(/^\s*\d+(\.\d+)?(\s*,\s*\d+(\.\d+)?)*\s*$/, {
    message: 'must be a comma-separated list of seconds, e.g. 5,300,1800',
  })
  WEBHOOK_RETRY_DELAYS: string = '5,300,1800,7200,18000,36000,36000';

  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  WEBHOOK_ALLOW_PRIVATE_TARGETS: boolean = false;

  /** After rotate-secret the previous secret keeps signing (beside the new one) this long; 0: not at all. */
  @IsOptional()
  @Transform(toInteger)
  @IsInt(WHOLE)
  @Min(0)
  @Max(720)
  WEBHOOK_SECRET_OVERLAP_HOURS: number = 24;

  /** `embedded`: the API process delivers webhooks itself; `off`: leave it to `npm run start:worker`. */
  @IsOptional()
  @IsIn(['embedded', 'off'], { message: 'must be embedded or off' })
  WEBHOOK_DELIVERY: 'embedded' | 'off' = 'embedded';

  /** Host names a notification channel's URL may point to (comma-separated). */
  @IsOptional()
  @IsString()
  @Matches(/^\s*[A-Za-z0-9.-]+(\s*,\s*[A-Za-z0-9.-]+)*\s*$/, {
    message: 'must be a comma-separated list of host names, e.g. hooks.slack.com',
  })
  NOTIFICATION_ALLOWED_HOSTS: string = 'hooks.slack.com';

  /** Messages per second each notification channel may receive; a burst waits its turn. */
  @IsOptional()
  @Transform(toInteger)
  @IsInt(WHOLE)
  @Min(1)
  @Max(100)
  NOTIFY_MAX_PER_SECOND: number = 1;

  /** Days a rule's run-log entry is kept (contract §11); older ones are deleted in the background. */
  @IsOptional()
  @Transform(toInteger)
  @IsInt(WHOLE)
  @Min(1)
  @Max(36500)
  AUTOMATION_RUN_RETENTION_DAYS: number = 90;

  /** Failed sign-ins allowed per client IP and per email in 15 minutes (contract §13). */
  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(100_000)
  AUTH_ATTEMPTS_PER_15_MIN: number = 10;

  /** A session unused this long ends; fractions allowed (0.5 = 30 minutes). */
  @IsOptional()
  @Transform(toNumber)
  @Min(0.0001)
  @Max(8760)
  @IsNumber({}, { message: 'must be a number of hours' })
  SESSION_IDLE_HOURS: number = 12;

  /** A session ends this long after sign-in, however active. */
  @IsOptional()
  @Transform(toNumber)
  @Min(0.0001)
  @Max(365)
  @IsNumber({}, { message: 'must be a number of days' })
  SESSION_MAX_DAYS: number = 7;

  /**
   * The longest one database statement made for a request may take (on SQLite, waiting for a
   * reader included) before it is cancelled and the request answers 503 `unavailable`.
   */
  @IsOptional()
  @Transform(toInteger)
  @IsInt(WHOLE)
  @Min(100)
  @Max(3_600_000)
  QUERY_TIME_BUDGET_MS: number = 15000;

  /** Worker threads reading a SQLite file off the event loop (each its own read-only connection); 0 reads on the writer's connection. */
  @IsOptional()
  @Transform(toInteger)
  @IsInt(WHOLE)
  @Min(0)
  @Max(32)
  SQLITE_READ_WORKERS: number = 2;

  /** Memory for rendered `GET /tickets` pages kept between polls (per process); 0 turns the cache off. */
  @IsOptional()
  @Transform(toInteger)
  @IsInt(WHOLE)
  @Min(0)
  @Max(4096)
  TICKET_PAGE_CACHE_MB: number = 32;

  /** Whose X-Forwarded-For to believe for the client IP (per-IP rate limits); nobody's by default. */
  @IsOptional()
  @ValidateBy({
    name: 'trustProxy',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && parseTrustProxy(value) !== null,
      defaultMessage: () => 'must be false, true, a number of proxy hops, or a comma-separated list of addresses/CIDRs',
    },
  })
  TRUST_PROXY: string = 'false';

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    message: 'must be one of fatal, error, warn, info, debug, trace, silent',
  })
  LOG_LEVEL: string = 'info';

  /** Only `test` and `development` mean anything here: they turn RELAY_UNIT_CHECKS on by default. */
  @IsOptional()
  @IsString()
  NODE_ENV?: string;

  /** Refuse a nested TransactionRunner.run on PostgreSQL too (costs time on every await: not for production). */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  RELAY_UNIT_CHECKS?: boolean;
}

/**
 * Validates the environment once at boot. A bad value stops start-up with one line that names
 * the variable, so an operator can fix it without reading a stack trace.
 */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const env = plainToInstance(Environment, pickDefined(raw), { exposeDefaultValues: true });
  const [first] = validateSync(env, { skipMissingProperties: false });
  if (first) {
    const got = SECRETS.has(first.property)
      ? `a ${String(raw[first.property]).length}-character value`
      : JSON.stringify(raw[first.property]);
    throw new ConfigurationError(`Invalid configuration: ${first.property} ${reason(first)} (got ${got})`);
  }
  return env;
}

// A value of the wrong kind fails its range checks too ("abc" is not ≤ 65535 either): the kind
// is the reason to report, the range only for a value of the right kind.
const KIND_CHECKS = ['isInt', 'isBoolean', 'isString', 'isIn', 'matches'];

function reason(error: ValidationError): string {
  const constraints = error.constraints ?? {};
  const kind = KIND_CHECKS.find((name) => constraints[name] !== undefined);
  const message = kind ? constraints[kind] : Object.values(constraints)[0];
  return message?.replace(`${error.property} `, '') ?? 'is invalid';
}

export class ConfigurationError extends Error {}

// Never echoed in the start-up error: it would land in whatever collects stderr.
const SECRETS = new Set(['RELAY_BOOTSTRAP_KEY']);

/** At most 200 characters in all, the longest bearer token accepted. */
export function isStrongBootstrapKey(key: string): boolean {
  const match = /^rly_(\S{32,196})$/.exec(key);
  if (!match) return false;
  const body = match[1];
  return new Set(body).size >= 12 && !/^(.+?)\1+$/.test(body);
}

function pickDefined(raw: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(new Environment()) as (keyof Environment)[];
  const picked: Record<string, unknown> = {};
  for (const key of [...keys, 'REDIS_URL', 'RELAY_BOOTSTRAP_KEY', 'NODE_ENV', 'RELAY_UNIT_CHECKS']) {
    if (raw[key] !== undefined && raw[key] !== '') picked[key] = raw[key];
  }
  return picked;
}
