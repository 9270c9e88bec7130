/**
 * The intake, as the stack builds it: for each billing rule, an EventBridge rule that delivers to
 * its SQS queue (with a dead-letter queue), and the consumer function fed from that queue.
 */
import { agencyDeadLetterQueueId } from '../../functions/contract/agency.ts';
import { DEFAULT_BILLING_SOURCE, DEFAULT_EVENT_BUS_NAME } from '../../functions/contract/events.ts';
import { BILLING_RULES, billingRulePattern, INTAKE_QUEUE } from '../../functions/contract/rules.ts';
import { sesEventsRulePattern } from '../../functions/contract/ses-events.ts';
import type { EventBridgeEmulator, LocalRule } from '../eventbridge/index.ts';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '../http-server.ts';
import type { LocalMail } from '../ses/index.ts';
import { simulatedEvents } from '../ses/simulator.ts';
import type { LocalQueueConfig, SqsEmulator } from '../sqs/index.ts';
import type { LambdaHost } from './lambda-host.ts';
import {
  deadLetterQueueName,
  EMAIL_EVENTS_INTAKE,
  LOCAL_AGENCY,
  LOCAL_AGENCY_RULE,
  LOCAL_SES_CONFIGURATION_SET,
  queueName,
  TEXT_REPLIES,
} from './names.ts';

/**
 * Each rule's queue and its dead-letter queue (the billing rules', and SES's events'), the local
 * agency's rule's dead-letter queue (issue 14: no queue of its own, the API destination is its target)
 * and the texts' (a debtor's text that receiveTextReplies failed on after Lambda's retries).
 */
export function intakeQueues(): LocalQueueConfig[] {
  const agency: LocalQueueConfig = {
    name: deadLetterQueueName(LOCAL_AGENCY_RULE),
    visibilityTimeoutSeconds: INTAKE_QUEUE.visibilityTimeoutSeconds,
  };
  // The texts' topic has no queue of its own either: this is its function's on-failure queue.
  const texts: LocalQueueConfig = {
    name: deadLetterQueueName(TEXT_REPLIES),
    visibilityTimeoutSeconds: INTAKE_QUEUE.visibilityTimeoutSeconds,
  };
  return [
    agency,
    texts,
    ...[...BILLING_RULES.map((rule) => rule.id), EMAIL_EVENTS_INTAKE].flatMap((id) => [
      {
        name: deadLetterQueueName(id),
        visibilityTimeoutSeconds: INTAKE_QUEUE.visibilityTimeoutSeconds,
      },
      {
        name: queueName(id),
        deadLetterQueue: deadLetterQueueName(id),
        maxReceiveCount: INTAKE_QUEUE.maxReceiveCount,
        visibilityTimeoutSeconds: INTAKE_QUEUE.visibilityTimeoutSeconds,
      },
    ]),
  ];
}

/**
 * The billing rules on the collections bus, each delivering to its queue, and EmailEventsIntake's
 * rule on the default bus (where SES publishes), for the local configuration set only.
 */
export function intakeRules(sqs: SqsEmulator): LocalRule[] {
  const billing: LocalRule[] = BILLING_RULES.map((rule) => ({
    name: rule.id,
    eventBusName: DEFAULT_EVENT_BUS_NAME,
    pattern: billingRulePattern(rule, [DEFAULT_BILLING_SOURCE]),
    deliver: async (event) => {
      sqs.send(queueName(rule.id), JSON.stringify(event));
    },
  }));
  const emailEvents: LocalRule = {
    name: EMAIL_EVENTS_INTAKE,
    eventBusName: 'default',
    pattern: sesEventsRulePattern(LOCAL_SES_CONFIGURATION_SET),
    deliver: async (event) => {
      sqs.send(queueName(EMAIL_EVENTS_INTAKE), JSON.stringify(event));
    },
  };
  return [...billing, emailEvents];
}

/**
 * The SES mailbox simulator: each message the local SES accepts with a configuration set publishes
 * what SES would (see ses/simulator.ts) on the default bus, `delayMs` later (SES's events come after
 * the send; the sender has recorded the message by then).
 */
export function simulateSesEvents(mail: LocalMail, eventBridge: () => EventBridgeEmulator, delayMs = 1_000) {
  const timers = new Set<NodeJS.Timeout>();
  mail.onSent((sent) => {
    const events = simulatedEvents(sent, { region: LOCAL_REGION, account: LOCAL_ACCOUNT_ID });
    if (events.length === 0) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      for (const event of events) eventBridge().fromService(event, 'default');
    }, delayMs);
    timers.add(timer);
  });
  return async () => {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
  };
}

/** What EventBridge does with an event it could not deliver: the rule's dead-letter queue, with why. */
export function parkUndelivered(sqs: SqsEmulator) {
  return (event: unknown, rule: LocalRule) => {
    const target = rule.name === LOCAL_AGENCY_RULE ? "the agency's endpoint" : 'its queue';
    sqs.send(deadLetterQueueName(rule.name), JSON.stringify(event), {
      reason: { DataType: 'String', StringValue: `EventBridge could not deliver the event to ${target}` },
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
  sqs.attachConsumer(
    queueName(EMAIL_EVENTS_INTAKE),
    (event) => host().invoke('receiveEmailEvents', event) as never,
    { batchSize: INTAKE_QUEUE.batchSize, maxConcurrency: INTAKE_QUEUE.maxConcurrency },
  );
}

/**
 * The dead-letter queue URLs by rule id (in endpoints.json), EmailEventsIntake's as `EmailEvents`,
 * the local agency's as the stack's output names it (`AgencyLocalAgency`: its redrive goes to the bus).
 */
export function deadLetterQueueUrls(sqs: SqsEmulator): Record<string, string> {
  return {
    ...Object.fromEntries(
      [...BILLING_RULES.map((rule) => rule.id), EMAIL_EVENTS_INTAKE].map((id) => [
        id,
        sqs.queueUrl(deadLetterQueueName(id)),
      ]),
    ),
    [agencyDeadLetterQueueId(LOCAL_AGENCY.agencyId)]: sqs.queueUrl(deadLetterQueueName(LOCAL_AGENCY_RULE)),
  };
}

/** The intake queue URLs by rule id (in endpoints.json: where `npm run ops -- dlq redrive` sends dead letters back). */
export function intakeQueueUrls(sqs: SqsEmulator): Record<string, string> {
  return Object.fromEntries(
    [...BILLING_RULES.map((rule) => rule.id), EMAIL_EVENTS_INTAKE].map((id) => [
      id,
      sqs.queueUrl(queueName(id)),
    ]),
  );
}
