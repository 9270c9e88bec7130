/**
 * The intake, as the stack builds it: for each billing rule, an EventBridge rule that delivers to
 * its SQS queue (with a dead-letter queue), and the consumer function fed from that queue.
 */
import { DEFAULT_BILLING_SOURCE, DEFAULT_EVENT_BUS_NAME } from '../../functions/contract/events.ts';
import { BILLING_RULES, billingRulePattern, INTAKE_QUEUE } from '../../functions/contract/rules.ts';
import type { LocalRule } from '../eventbridge/index.ts';
import type { LocalQueueConfig, SqsEmulator } from '../sqs/index.ts';
import type { LambdaHost } from './lambda-host.ts';
import { deadLetterQueueName, queueName } from './names.ts';

/** Each rule's queue and its dead-letter queue. */
export function intakeQueues(): LocalQueueConfig[] {
  return BILLING_RULES.flatMap((rule) => [
    {
      name: deadLetterQueueName(rule.id),
      visibilityTimeoutSeconds: INTAKE_QUEUE.visibilityTimeoutSeconds,
    },
    {
      name: queueName(rule.id),
      deadLetterQueue: deadLetterQueueName(rule.id),
      maxReceiveCount: INTAKE_QUEUE.maxReceiveCount,
      visibilityTimeoutSeconds: INTAKE_QUEUE.visibilityTimeoutSeconds,
    },
  ]);
}

/** The billing rules on the bus, each delivering to its queue. */
export function intakeRules(sqs: SqsEmulator): LocalRule[] {
  return BILLING_RULES.map((rule) => ({
    name: rule.id,
    eventBusName: DEFAULT_EVENT_BUS_NAME,
    pattern: billingRulePattern(rule, [DEFAULT_BILLING_SOURCE]),
    deliver: async (event) => {
      sqs.send(queueName(rule.id), JSON.stringify(event));
    },
  }));
}

/** What EventBridge does with an event it could not deliver: the rule's dead-letter queue, with why. */
export function parkUndelivered(sqs: SqsEmulator) {
  return (event: unknown, rule: LocalRule) => {
    sqs.send(deadLetterQueueName(rule.name), JSON.stringify(event), {
      reason: { DataType: 'String', StringValue: 'EventBridge could not deliver the event to its queue' },
    });
  };
}

/** Each rule's consumer function, fed from its queue like a Lambda event source mapping. */
export function attachIntakeConsumers(sqs: SqsEmulator, host: () => LambdaHost) {
  for (const rule of BILLING_RULES) {
    sqs.attachConsumer(queueName(rule.id), (event) => host().invoke(rule.consumer, event) as never, {
      batchSize: INTAKE_QUEUE.batchSize,
      maxConcurrency: INTAKE_QUEUE.maxConcurrency,
    });
  }
}

/** The dead-letter queue URLs by rule id (in endpoints.json). */
export function deadLetterQueueUrls(sqs: SqsEmulator): Record<string, string> {
  return Object.fromEntries(
    BILLING_RULES.map((rule) => [rule.id, sqs.queueUrl(deadLetterQueueName(rule.id))]),
  );
}

/** The intake queue URLs by rule id (in endpoints.json: where `npm run ops -- dlq redrive` sends dead letters back). */
export function intakeQueueUrls(sqs: SqsEmulator): Record<string, string> {
  return Object.fromEntries(BILLING_RULES.map((rule) => [rule.id, sqs.queueUrl(queueName(rule.id))]));
}
