import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_BILLING_SOURCE, DEFAULT_EVENT_BUS_NAME } from '../functions/contract/events.ts';
import { PORTAL_ROUTES } from '../functions/contract/routes.ts';
import { BILLING_RULES, billingRulePattern, INTAKE_QUEUE } from '../functions/contract/rules.ts';
import { makePolicyClock, type PolicyClock } from '../functions/domain/policy-clock.ts';
import {
  FUNCTIONS,
  type FunctionName,
  SEND_WAITING_MESSAGES_EVERY_MINUTES,
  STATE_MACHINE_FILE,
} from '../lib/functions.ts';
import { type ApiGatewayEmulator, startApiGatewayEmulator } from './api-gateway/index.ts';
import { createCollectionsTable, startDynamoDbLocal } from './dynamodb-local.ts';
import { type EventBridgeEmulator, startEventBridgeEmulator } from './eventbridge/index.ts';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from './http-server.ts';
import { assertJava } from './java.ts';
import { hostLambdas, type LambdaHost, localFunctionArn } from './lambda-host.ts';
import { startS3Local } from './s3-local.ts';
import { startSecretsEmulator } from './secrets-emulator.ts';
import { type LocalMail, startSesLocal } from './ses-local.ts';
import { localTopicArn, type SnsEmulator, startSnsEmulator } from './sns/index.ts';
import { type SqsEmulator, startSqsEmulator } from './sqs/index.ts';
import { type StepFunctionsEmulator, startStepFunctionsEmulator } from './stepfunctions/index.ts';

/** What `npm start` writes to .local/endpoints.json: where each local service answers. */
export type Endpoints = {
  eventbridge: string;
  stepfunctions: string;
  dynamodb: string;
  ses: string;
  s3: string;
  sqs: string;
  secretsmanager: string;
  sns: string;
  portal: string;
  mailbox: string;
  eventBusName: string;
  stateMachineArn: string;
  tableName: string;
  deadLetterQueues: Record<string, string>;
  /** The AR team's topic: every dispute and callback request (read them at `${sns}/messages`). */
  arTeamTopicArn: string;
  /**
   * The policy clock the contact rules run on: policy = originPolicy + (real − originReal) × 86,400 / daySeconds.
   * Timeline `at` values are real instants; convert them with this to read them as policy time.
   */
  clock: { daySeconds: number; originReal: string; originPolicy: string };
};

export type LocalRuntimeOptions = {
  /** The repository root: where functions/ and state-machines/ are. */
  rootDir: string;
  /** Real seconds in one policy day (86,400 in AWS). */
  daySeconds: number;
  /** Where the link secret and the S3 files live. */
  stateDir: string;
  /**
   * What the policy clock reads at start (an ISO instant), e.g. just before a daylight-saving
   * change; the real start time if absent.
   */
  clockStart?: string;
  /** Scales Step Functions Retry intervals and SQS visibility timeouts (tests use small values). */
  retryScale?: number;
  log?: (line: string) => void;
};

export type LocalRuntime = {
  endpoints: Endpoints;
  stepFunctions: StepFunctionsEmulator;
  eventBridge: EventBridgeEmulator;
  sqs: SqsEmulator;
  sns: SnsEmulator;
  mail: LocalMail;
  portal: ApiGatewayEmulator;
  lambdas: LambdaHost;
  /** The policy clock (see Endpoints.clock). */
  clock: PolicyClock;
  stop(): Promise<void>;
};

export const LOCAL_TABLE_NAME = 'collections';
export const LOCAL_STATE_MACHINE_NAME = 'CollectionsCase';
export const LOCAL_SENDER = 'accounts@example.com';
export const LOCAL_DOCUMENTS_BUCKET = 'collections-documents';
/** The handlers' local credentials; the S3 policy gate checks upload signatures with this key. */
const LOCAL_ACCESS_KEY_ID = 'local';
const LOCAL_SECRET_ACCESS_KEY = 'local';
export const LOCAL_AR_TEAM_TOPIC_ARN = localTopicArn('collections-ar-team');
const LINK_SECRET_ARN = `arn:aws:secretsmanager:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:secret:collections-link-signing-AbCdEf`;

const queueName = (ruleId: string) => `collections-${ruleId}`;
const deadLetterQueueName = (ruleId: string) => `collections-${ruleId}-dead-letters`;

/** The ASL file with each `${...}` placeholder replaced, exactly as CDK's definitionSubstitutions do. */
export function loadDefinition(
  rootDir: string,
  substitutions: Record<string, string>,
): Record<string, unknown> {
  let text = readFileSync(path.join(rootDir, STATE_MACHINE_FILE), 'utf8');
  for (const [name, value] of Object.entries(substitutions)) text = text.replaceAll(`\${${name}}`, value);
  const leftover = /\$\{(\w+)\}/.exec(text);
  if (leftover) throw new Error(`${STATE_MACHINE_FILE} uses \${${leftover[1]}}, which has no local value`);
  return JSON.parse(text);
}

export function taskFunctionSubstitutions(): Record<string, string> {
  const substitutions: Record<string, string> = {};
  for (const [name, spec] of Object.entries(FUNCTIONS) as [
    FunctionName,
    (typeof FUNCTIONS)[FunctionName],
  ][]) {
    if ('aslSubstitution' in spec) substitutions[spec.aslSubstitution] = localFunctionArn(name);
  }
  return substitutions;
}

function linkSecret(stateDir: string): string {
  const file = path.join(stateDir, 'link-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

/**
 * The whole stack on this machine: the same state machine file and the same handlers, on local
 * AWS-compatible services. The handlers find them through AWS_ENDPOINT_URL_<SERVICE>.
 * One runtime per process: the handlers read their configuration once, at load.
 */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const log = options.log ?? (() => undefined);
  const retryScale = options.retryScale ?? 1;
  if (options.clockStart !== undefined && Number.isNaN(Date.parse(options.clockStart)))
    throw new Error(`clockStart ${options.clockStart} is not an instant`);
  assertJava();
  mkdirSync(options.stateDir, { recursive: true });
  const closers: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const close of closers.reverse()) await close().catch((error) => log(`stop: ${error}`));
    closers.length = 0;
  };

  try {
    const dynamo = await startDynamoDbLocal();
    closers.push(dynamo.close);
    await createCollectionsTable(dynamo.url, LOCAL_TABLE_NAME);
    log(`DynamoDB Local      ${dynamo.url}`);

    const mail = await startSesLocal();
    closers.push(mail.close);
    const s3 = await startS3Local(path.join(options.stateDir, 's3'), [LOCAL_DOCUMENTS_BUCKET], {
      accessKeyId: LOCAL_ACCESS_KEY_ID,
      secretAccessKey: LOCAL_SECRET_ACCESS_KEY,
    });
    closers.push(s3.close);
    const secrets = await startSecretsEmulator({
      secrets: { [LINK_SECRET_ARN]: linkSecret(options.stateDir) },
    });
    closers.push(secrets.close);
    const sns = await startSnsEmulator({ topics: [LOCAL_AR_TEAM_TOPIC_ARN] });
    closers.push(sns.close);

    const sqs = await startSqsEmulator({
      queues: BILLING_RULES.flatMap((rule) => [
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
      ]),
      visibilityTimeoutScale: retryScale,
    });
    closers.push(sqs.close);

    // The handlers are loaded last, once every address they need is known; until then nothing calls them.
    let lambdas: LambdaHost | undefined;
    const host = () => {
      if (!lambdas) throw new Error('The local functions are not loaded yet');
      return lambdas;
    };

    const portal = await startApiGatewayEmulator({
      routes: PORTAL_ROUTES,
      handler: (event) => host().invoke('portal', event) as never,
    });
    closers.push(portal.close);

    const stateMachineArn = `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:stateMachine:${LOCAL_STATE_MACHINE_NAME}`;
    const stepFunctions = await startStepFunctionsEmulator({
      stateMachines: [
        {
          name: LOCAL_STATE_MACHINE_NAME,
          arn: stateMachineArn,
          definition: loadDefinition(options.rootDir, taskFunctionSubstitutions()),
        },
      ],
      invokeLambda: (arn, payload) => host().invokeByArn(arn, payload),
      retryIntervalScale: retryScale,
    });
    closers.push(stepFunctions.close);

    const eventBridge = await startEventBridgeEmulator({
      rules: BILLING_RULES.map((rule) => ({
        name: rule.id,
        eventBusName: DEFAULT_EVENT_BUS_NAME,
        pattern: billingRulePattern(rule, [DEFAULT_BILLING_SOURCE]),
        deliver: async (event) => {
          sqs.send(queueName(rule.id), JSON.stringify(event));
        },
      })),
      onDeliveryFailure: (event, rule) => {
        sqs.send(deadLetterQueueName(rule.name), JSON.stringify(event), {
          reason: { DataType: 'String', StringValue: 'EventBridge could not deliver the event to its queue' },
        });
      },
    });
    closers.push(eventBridge.close);

    const deadLetterQueues = Object.fromEntries(
      BILLING_RULES.map((rule) => [rule.id, sqs.queueUrl(deadLetterQueueName(rule.id))]),
    );
    // The policy clock starts once everything is up (DynamoDB Local alone takes seconds, which at a
    // scaled clock would be policy days).
    const originReal = new Date();
    const originPolicy = options.clockStart ? new Date(options.clockStart) : originReal;
    const clock = makePolicyClock({ daySeconds: options.daySeconds, originReal, originPolicy });
    lambdas = await hostLambdas(options.rootDir, {
      TABLE_NAME: LOCAL_TABLE_NAME,
      STATE_MACHINE_ARN: stateMachineArn,
      EVENT_BUS_NAME: DEFAULT_EVENT_BUS_NAME,
      SENDER_ADDRESS: LOCAL_SENDER,
      PORTAL_BASE_URL: portal.url,
      LINK_SECRET_ARN,
      DAY_SECONDS: String(options.daySeconds),
      CLOCK_ORIGIN: originReal.toISOString(),
      CLOCK_ORIGIN_POLICY: originPolicy.toISOString(),
      INVOICE_OVERDUE_DLQ_URL: sqs.queueUrl(deadLetterQueueName('InvoiceOverdue')),
      PAYMENT_RECEIVED_DLQ_URL: sqs.queueUrl(deadLetterQueueName('PaymentReceived')),
      CASE_UPDATE_DLQ_URL: sqs.queueUrl(deadLetterQueueName('CaseUpdates')),
      AR_TEAM_TOPIC_ARN: LOCAL_AR_TEAM_TOPIC_ARN,
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: LOCAL_SECRET_ACCESS_KEY,
      DOCUMENT_BUCKET_NAME: LOCAL_DOCUMENTS_BUCKET,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
      AWS_ENDPOINT_URL_SFN: stepFunctions.url,
      AWS_ENDPOINT_URL_SES: mail.url,
      AWS_ENDPOINT_URL_EVENTBRIDGE: eventBridge.url,
      AWS_ENDPOINT_URL_SQS: sqs.url,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
      AWS_ENDPOINT_URL_S3: s3.url,
      AWS_ENDPOINT_URL_SNS: sns.url,
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    });
    for (const rule of BILLING_RULES) {
      sqs.attachConsumer(queueName(rule.id), (event) => host().invoke(rule.consumer, event) as never, {
        batchSize: INTAKE_QUEUE.batchSize,
        maxConcurrency: INTAKE_QUEUE.maxConcurrency,
      });
    }

    // The EventBridge schedule of "send waiting messages", on the scaled clock (never more often than 4 a second).
    const everyMs = Math.max(
      250,
      (SEND_WAITING_MESSAGES_EVERY_MINUTES * 60 * 1000 * options.daySeconds) / 86_400,
    );
    let sending: Promise<unknown> = Promise.resolve();
    const timer = setInterval(() => {
      sending = sending
        .then(() => host().invoke('sendWaitingMessages', {}))
        .catch((error) => log(`send waiting messages: ${error}`));
    }, everyMs);
    closers.push(async () => {
      clearInterval(timer);
      await sending;
    });

    const endpoints: Endpoints = {
      eventbridge: eventBridge.url,
      stepfunctions: stepFunctions.url,
      dynamodb: dynamo.url,
      ses: mail.url,
      s3: s3.url,
      sqs: sqs.url,
      secretsmanager: secrets.url,
      sns: sns.url,
      portal: portal.url,
      mailbox: mail.url,
      eventBusName: DEFAULT_EVENT_BUS_NAME,
      stateMachineArn,
      tableName: LOCAL_TABLE_NAME,
      deadLetterQueues,
      arTeamTopicArn: LOCAL_AR_TEAM_TOPIC_ARN,
      clock: {
        daySeconds: options.daySeconds,
        originReal: originReal.toISOString(),
        originPolicy: originPolicy.toISOString(),
      },
    };
    return { endpoints, stepFunctions, eventBridge, sqs, sns, mail, portal, lambdas, clock, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
