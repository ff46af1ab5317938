import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { RelayConfig, SerialPasses } from '@relay/common';
import { EVENTS_APPENDED } from '@relay/events';
import { DeliveryDispatcher } from './delivery-dispatcher';
import { DELIVERIES_DUE, DELIVERY_ROLE, DeliveryRole } from './signals';

/** The poll picks up due retries and whatever a crash left undispatched. */
export const POLL_INTERVAL_MS = 1000;

/**
 * Appended events wait this long for company: under write load every commit signals, and one
 * pass per burst (a fan-out and a claim, each a transaction that queues with the API's writes
 * on SQLite) costs far less than one pass per request. Delivery is at most this much later.
 */
export const COALESCE_MS = 25;

/**
 * Runs the dispatcher: shortly after transactions append events (coalesced), at once when a
 * delivery is made due, and on a poll. Passes never overlap in one process; a signal during a pass triggers another.
 * Timers are stopped on shutdown, which also waits for the pass in progress; in the API they are
 * unref'd so they never hold the process open.
 */
@Injectable()
export class DeliveryScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('WebhookDelivery');
  private poller?: NodeJS.Timeout;
  private retryTimer?: NodeJS.Timeout;
  private readonly passes = new SerialPasses(() => this.run());
  private stopped = true;
  private coalescing?: NodeJS.Timeout;
  private readonly wake = () => this.trigger();
  private readonly wakeSoon = () => {
    if (this.coalescing) return;
    this.coalescing = setTimeout(() => {
      this.coalescing = undefined;
      this.trigger();
    }, COALESCE_MS);
    if (this.role === 'api') this.coalescing.unref();
  };

  constructor(
    private readonly dispatcher: DeliveryDispatcher,
    private readonly emitter: EventEmitter2,
    private readonly config: RelayConfig,
    @Inject(DELIVERY_ROLE) private readonly role: DeliveryRole,
  ) {}

  onApplicationBootstrap(): void {
    if (this.role === 'api' && this.config.webhooks.delivery !== 'embedded') return;
    this.stopped = false;
    this.emitter.on(EVENTS_APPENDED, this.wakeSoon);
    this.emitter.on(DELIVERIES_DUE, this.wake);
    this.poller = setInterval(this.wake, POLL_INTERVAL_MS);
    // In the API the HTTP server keeps the process alive; in a worker this poll is its reason to live.
    if (this.role === 'api') this.poller.unref();
    this.trigger();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.emitter.off(EVENTS_APPENDED, this.wakeSoon);
    this.emitter.off(DELIVERIES_DUE, this.wake);
    clearInterval(this.poller);
    clearTimeout(this.retryTimer);
    clearTimeout(this.coalescing);
    await this.passes.current;
  }

  private trigger(): void {
    if (!this.stopped) this.passes.trigger();
  }

  private async run(): Promise<void> {
    try {
      const soonest = await this.dispatcher.drain(() => this.stopped);
      // A retry due before the next poll gets its own timer, so short schedules are honoured.
      if (soonest !== null && soonest < POLL_INTERVAL_MS && !this.stopped) {
        clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(this.wake, soonest).unref();
      }
    } catch (error) {
      this.logger.warn(`delivery pass failed, retrying on the next poll: ${(error as Error).message}`);
    }
  }
}
