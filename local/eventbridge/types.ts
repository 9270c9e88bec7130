import type { EventBridgeEvent as LambdaEventBridgeEvent } from 'aws-lambda';
import type { ListenOptions } from '../http-server.ts';

/** An event as EventBridge delivers it to a target. */
export type EventBridgeEvent = LambdaEventBridgeEvent<string, unknown>;

export type LocalRule = {
  name: string;
  eventBusName: string;
  pattern: Record<string, unknown>;
  /** The rule's target. A throw counts as a failed delivery and is retried. */
  deliver: (event: EventBridgeEvent) => Promise<void>;
};

export type Logger = Pick<Console, 'warn' | 'error'>;

export type EventBridgeEmulatorOptions = ListenOptions & {
  rules: LocalRule[];
  /** Retries after a failed delivery (a target's MaximumRetryAttempts). Default 3. */
  retryAttempts?: number;
  /** Wait before the first retry; it doubles at every further retry. Default 200 ms. */
  retryDelayMs?: number;
  /** Gets each event whose delivery failed every attempt (send it to the rule's dead-letter queue). */
  onDeliveryFailure?: (event: EventBridgeEvent, rule: LocalRule, error: unknown) => void | Promise<void>;
  region?: string;
  logger?: Logger;
};

export type EventBridgeEmulator = {
  url: string;
  close(): Promise<void>;
  /** Every event accepted so far, oldest first. */
  events(): EventBridgeEvent[];
  /**
   * An event an AWS service publishes (source `aws.*`, which PutEvents refuses to anyone else), on
   * the default bus unless named: SES's events of a configuration set, say. Resolves the event's id.
   */
  fromService(
    event: { source: string; detailType: string; detail: unknown; resources?: string[]; time?: Date },
    eventBusName?: string,
  ): string;
  /** Resolves when no delivery is running or waiting for a retry. */
  settled(): Promise<void>;
};
