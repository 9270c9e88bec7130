import type { ListenOptions } from '../http-server.ts';

export type SnsEmulatorOptions = ListenOptions & {
  /** The topics that exist (ARNs); publishing to any other is SNS's NotFound error. */
  topics: string[];
  /**
   * What a topic's subscription delivers each message to (a subscribed function), as SNS does:
   * after the Publish is answered; a failure is only reported through `onDeliveryError`.
   */
  subscribers?: Record<string, (message: PublishedMessage) => Promise<void>>;
  onDeliveryError?: (topicArn: string, error: unknown) => void;
};

export type PublishedMessage = {
  messageId: string;
  topicArn: string;
  subject?: string;
  message: string;
  /** String and Number attributes by name, as `{ DataType, StringValue }`. */
  messageAttributes: Record<string, { DataType: string; StringValue?: string }>;
  /** When it was published, ISO 8601. */
  timestamp: string;
};

export type SnsEmulator = {
  url: string;
  /** Every message published so far, oldest first (copies). */
  messages(topicArn?: string): PublishedMessage[];
  /**
   * Publishes as a service does (the SMS service to the two-way topic), and resolves once the
   * topic's subscriber has handled it (it rejects with the subscriber's error).
   */
  publish(topicArn: string, message: string): Promise<string>;
  /** While on, every Publish fails as in an SNS outage (503 ServiceUnavailable), to test what survives one. */
  outage(on: boolean): void;
  close(): Promise<void>;
};
