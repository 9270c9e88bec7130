/**
 * Delivery to the rules' targets: every rule on the event's bus whose pattern matches gets the event;
 * a failed delivery is retried with a doubling wait, then handed to `onDeliveryFailure`.
 */

import { matchesPattern } from './event-pattern.ts';
import { busName } from './put-events.ts';
import type { EventBridgeEmulatorOptions, EventBridgeEvent, LocalRule } from './types.ts';

export class Deliveries {
  private readonly timers = new Map<NodeJS.Timeout, () => void>();
  private running = 0;
  private closed = false;
  private settledWaiters: Array<() => void> = [];
  private readonly retryAttempts: number;
  private readonly retryDelayMs: number;
  private readonly logger: NonNullable<EventBridgeEmulatorOptions['logger']>;

  constructor(private readonly options: EventBridgeEmulatorOptions) {
    this.retryAttempts = options.retryAttempts ?? 3;
    this.retryDelayMs = options.retryDelayMs ?? 200;
    this.logger = options.logger ?? console;
  }

  /** Resolves when no delivery is running or waiting for a retry. */
  settled() {
    return new Promise<void>((resolve) => {
      this.settledWaiters.push(resolve);
      this.checkSettled();
    });
  }

  /** Ends every wait for a retry (those deliveries stop). */
  close() {
    this.closed = true;
    for (const [timer, wake] of this.timers) {
      clearTimeout(timer);
      wake();
    }
    this.timers.clear();
  }

  private checkSettled() {
    if (this.running > 0) return;
    const waiters = this.settledWaiters;
    this.settledWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Waits `ms`, or less if the emulator closes meanwhile. */
  private sleep(ms: number) {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.set(timer, resolve);
    });
  }

  private async deliver(event: EventBridgeEvent, rule: LocalRule) {
    let lastError: unknown;
    for (let attempt = 0; attempt <= this.retryAttempts; attempt++) {
      if (attempt > 0) {
        await this.sleep(this.retryDelayMs * 2 ** (attempt - 1));
        if (this.closed) return;
      }
      try {
        await rule.deliver(event);
        return;
      } catch (error) {
        lastError = error;
        this.logger.warn(
          `local EventBridge: rule ${rule.name} failed to deliver event ${event.id} ` +
            `(attempt ${attempt + 1} of ${this.retryAttempts + 1}): ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    if (!this.options.onDeliveryFailure) {
      this.logger.error(
        `local EventBridge: rule ${rule.name} dropped event ${event.id} after ${this.retryAttempts + 1} attempts`,
      );
      return;
    }
    try {
      await this.options.onDeliveryFailure(event, rule, lastError);
    } catch (error) {
      this.logger.error(`local EventBridge: onDeliveryFailure for event ${event.id} failed`, error);
    }
  }

  /** Hands the event to every matching rule on its bus. */
  dispatch(event: EventBridgeEvent, eventBusName: string) {
    for (const rule of this.options.rules) {
      if (busName(rule.eventBusName) !== eventBusName || !matchesPattern(rule.pattern, event)) continue;
      this.running++;
      this.deliver(event, rule).finally(() => {
        this.running--;
        this.checkSettled();
      });
    }
  }
}
