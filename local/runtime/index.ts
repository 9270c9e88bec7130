// First: before anything loads the X-Ray SDK (see the module).
import './xray-manual-mode.ts';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_EVENT_BUS_NAME } from '../../functions/contract/events.ts';
import {
  PORTAL_ROUTES,
  portalFunctionFor,
  STAFF_ROUTES,
  staffFunctionFor,
  staffPaths,
} from '../../functions/contract/routes.ts';
import { agencyRulePattern } from '../../functions/contract/rules.ts';
import { makePolicyClock } from '../../functions/domain/policy-clock.ts';
import { FUNCTIONS, type FunctionName, type FunctionSpec } from '../../lib/functions.ts';
import { startLocalAgency } from '../agency/index.ts';
import { startApiGatewayEmulator } from '../api-gateway/index.ts';
import { startCognitoLocal } from '../cognito/index.ts';
import { createCollectionsTable, databaseOf, startDynamoDbLocal } from '../dynamodb/index.ts';
import { startStreamMappings } from '../dynamodb-streams/index.ts';
import { apiDestinationTarget } from '../eventbridge/api-destination.ts';
import { startEventBridgeEmulator } from '../eventbridge/index.ts';
import { assertJava } from '../java.ts';
import { startPhone } from '../phone/index.ts';
import { startS3Local } from '../s3/index.ts';
import { startSecretsEmulator } from '../secrets-manager/index.ts';
import { startSesLocal } from '../ses/index.ts';
import { type PublishedMessage, startSnsEmulator } from '../sns/index.ts';
import { startSqsEmulator } from '../sqs/index.ts';
import { startStepFunctionsEmulator } from '../stepfunctions/index.ts';
import { invokeAsync } from './async-invoke.ts';
import { handlerEnvironment } from './environment.ts';
import {
  attachIntakeConsumers,
  deadLetterQueueUrls,
  intakeQueues,
  intakeQueueUrls,
  intakeRules,
  parkUndelivered,
  simulateSesEvents,
} from './intake.ts';
import { hostLambdas, type LambdaHost, localFunctionArn } from './lambda-host.ts';
import { keepLinkSecret, linkSecret } from './link-secret.ts';
import {
  deadLetterQueueName,
  LINK_SECRET_ARN,
  LOCAL_ACCESS_KEY_ID,
  LOCAL_AGENCY,
  LOCAL_AGENCY_API_KEY_HEADER,
  LOCAL_AGENCY_RULE,
  LOCAL_AR_TEAM_TOPIC_ARN,
  LOCAL_DOCUMENTS_BUCKET,
  LOCAL_SECRET_ACCESS_KEY,
  LOCAL_SMS_NUMBER,
  LOCAL_STATE_MACHINE_ARN,
  LOCAL_STATE_MACHINE_NAME,
  LOCAL_TABLE_NAME,
  LOCAL_TEXT_REPLIES_TOPIC_ARN,
  TEXT_REPLIES,
} from './names.ts';
import { scheduleSendWaitingMessages } from './schedule.ts';
import { loadDefinition, taskFunctionSubstitutions } from './state-machine.ts';
import type { Endpoints, LocalRuntime, LocalRuntimeOptions } from './types.ts';

export { LOCAL_DOCUMENTS_BUCKET } from './names.ts';
export type * from './types.ts';

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

  // The two child processes, DynamoDB Local's JVM and cognito-local, start while this process starts
  // the emulators and loads the handlers (the JVM alone took half of a runtime's start, waited for).
  // Neither is left running should anything fail: both have settled before `stop` closes them.
  const dynamoStarting = (
    options.sharedDynamoDbUrl ? databaseOf(options.sharedDynamoDbUrl) : startDynamoDbLocal()
  ).then(async (dynamo) => {
    closers.push(dynamo.close);
    await createCollectionsTable(dynamo.url, LOCAL_TABLE_NAME);
    log(`DynamoDB Local      ${dynamo.url}`);
    return dynamo;
  });
  const cognitoStarting = startCognitoLocal(path.join(options.stateDir, 'cognito')).then((cognito) => {
    closers.push(cognito.close);
    log(`cognito-local       ${cognito.url} (pool ${cognito.userPoolId})`);
    return cognito;
  });
  const children = Promise.allSettled([dynamoStarting, cognitoStarting]);
  try {
    const mail = await startSesLocal();
    closers.push(mail.close);
    const s3 = await startS3Local(path.join(options.stateDir, 's3'), [LOCAL_DOCUMENTS_BUCKET], {
      accessKeyId: LOCAL_ACCESS_KEY_ID,
      secretAccessKey: LOCAL_SECRET_ACCESS_KEY,
    });
    closers.push(s3.close);
    // The local agency's report secret and its connection's API key: new for each run.
    const agencySecret = randomBytes(32).toString('hex');
    const agencyApiKey = randomBytes(16).toString('hex');
    const secrets = await startSecretsEmulator({
      secrets: {
        [LINK_SECRET_ARN]: linkSecret(options.stateDir),
        [LOCAL_AGENCY.reportSecretArn]: agencySecret,
      },
      // A rotated keyring (npm run ops -- link-key rotate) outlives the run, as the secret does in AWS.
      onPut: (arn, value) => {
        if (arn === LINK_SECRET_ARN) keepLinkSecret(options.stateDir, value);
      },
    });
    closers.push(secrets.close);
    // The handlers are loaded last, once every address they need is known; until then nothing calls them.
    let lambdas: LambdaHost | undefined;
    const host = () => {
      if (!lambdas) throw new Error('The local functions are not loaded yet');
      return lambdas;
    };

    const sns = await startSnsEmulator({
      topics: [LOCAL_AR_TEAM_TOPIC_ARN, LOCAL_TEXT_REPLIES_TOPIC_ARN],
      // The texts' two-way topic invokes the function that reads them, as its subscription does in AWS.
      subscribers: {
        // Asynchronously, as SNS invokes a function: retried twice, then parked in the texts' dead-letter queue.
        [LOCAL_TEXT_REPLIES_TOPIC_ARN]: async (message) => {
          const payload = snsEvent(message);
          const outcome = await invokeAsync({
            functionArn: localFunctionArn('receiveTextReplies'),
            payload,
            invoke: () => host().invoke('receiveTextReplies', payload),
            retryScale,
            park: (record) => sqs.send(deadLetterQueueName(TEXT_REPLIES), record),
          });
          if (outcome === 'parked') log(`sns: receiveTextReplies failed on ${message.messageId}; parked`);
        },
      },
      onDeliveryError: (topicArn, error) => log(`sns: delivery to ${topicArn}'s subscriber failed: ${error}`),
    });
    closers.push(sns.close);
    // A phone of its own (issue 16): texts land there; its replies go to the two-way topic.
    const phone = await startPhone({
      number: LOCAL_SMS_NUMBER,
      deliverReply: async (inbound) => {
        await sns.publish(LOCAL_TEXT_REPLIES_TOPIC_ARN, JSON.stringify(inbound));
      },
    });
    closers.push(phone.close);
    const sqs = await startSqsEmulator({ queues: intakeQueues(), visibilityTimeoutScale: retryScale });
    closers.push(sqs.close);

    const portal = await startApiGatewayEmulator({
      routes: PORTAL_ROUTES,
      // Each route to the function PORTAL_ROUTES names for it, as API Gateway's integrations do.
      handler: (event) => {
        const name = portalFunctionFor(event.routeKey);
        if (!name) throw new Error(`No portal function serves ${event.routeKey}`);
        return host().invoke(name, event) as never;
      },
    });
    closers.push(portal.close);

    // The staff console: its own API (as in AWS), and the staff user pool on cognito-local.
    const staffApi = await startApiGatewayEmulator({
      routes: STAFF_ROUTES,
      apiId: 'staff',
      // Each route to the function STAFF_ROUTES names for it, as the staff API's integrations do.
      handler: (event) => {
        const name = staffFunctionFor(event.routeKey);
        if (!name) throw new Error(`No staff function serves ${event.routeKey}`);
        return host().invoke(name, event) as never;
      },
    });
    closers.push(staffApi.close);

    const stepFunctions = await startStepFunctionsEmulator({
      stateMachines: [
        {
          name: LOCAL_STATE_MACHINE_NAME,
          arn: LOCAL_STATE_MACHINE_ARN,
          definition: loadDefinition(options.rootDir, taskFunctionSubstitutions()),
        },
      ],
      invokeLambda: (arn, payload) => host().invokeByArn(arn, payload),
      retryIntervalScale: retryScale,
    });
    closers.push(stepFunctions.close);

    // The local collection agency (issue 14), and its rule: the bus sends it its placements and
    // forwards over HTTP, with the connection's API key, as the stack's API destination does.
    const agency = await startLocalAgency({
      agencyId: LOCAL_AGENCY.agencyId,
      name: LOCAL_AGENCY.name,
      apiKey: { headerName: LOCAL_AGENCY_API_KEY_HEADER, value: agencyApiKey },
      reportSecret: agencySecret,
      apiUrl: () => portal.url,
    });
    closers.push(agency.close);
    log(`Collection agency   ${agency.url}`);
    const agencyRule = {
      name: LOCAL_AGENCY_RULE,
      eventBusName: DEFAULT_EVENT_BUS_NAME,
      pattern: agencyRulePattern(LOCAL_AGENCY.agencyId),
      deliver: apiDestinationTarget({
        endpoint: agency.endpoint,
        apiKey: { headerName: LOCAL_AGENCY_API_KEY_HEADER, value: agencyApiKey },
      }),
    };

    const eventBridge = await startEventBridgeEmulator({
      rules: [...intakeRules(sqs), agencyRule],
      onDeliveryFailure: parkUndelivered(sqs),
    });
    closers.push(eventBridge.close);
    closers.push(simulateSesEvents(mail, () => eventBridge));

    const [dynamo, cognito] = await Promise.all([dynamoStarting, cognitoStarting]);
    // The policy clock starts once everything is up (DynamoDB Local alone takes seconds, which at a
    // scaled clock would be policy days).
    const originReal = new Date();
    const originPolicy = options.clockStart ? new Date(options.clockStart) : originReal;
    const clock = makePolicyClock({ daySeconds: options.daySeconds, originReal, originPolicy });
    lambdas = await hostLambdas(
      options.rootDir,
      handlerEnvironment({
        dynamodb: dynamo.url,
        stepfunctions: stepFunctions.url,
        ses: mail.url,
        eventbridge: eventBridge.url,
        sqs: sqs.url,
        secretsmanager: secrets.url,
        s3: s3.url,
        sns: sns.url,
        phone: phone.url,
        portal: portal.url,
        cognito: cognito.url,
        staffTokenIssuer: cognito.issuer,
        staffClientId: cognito.clientId,
        deadLetterQueueUrl: (ruleId) => sqs.queueUrl(deadLetterQueueName(ruleId)),
        daySeconds: options.daySeconds,
        originReal,
        originPolicy,
        retryScale,
      }),
    );
    attachIntakeConsumers(sqs, host);
    // The table's stream, as the stack's event source mappings read it (lib/functions.ts `tableStream`).
    const outboxSchedule = scheduleSendWaitingMessages(options.daySeconds, host, log);
    closers.push(outboxSchedule.stop);
    const streamMappings = await startStreamMappings({
      endpoint: dynamo.url,
      tableName: LOCAL_TABLE_NAME,
      mappings: (Object.keys(FUNCTIONS) as FunctionName[]).flatMap((name) => {
        const { tableStream }: FunctionSpec = FUNCTIONS[name];
        return tableStream ? [{ name, filters: tableStream.filters }] : [];
      }),
      invoke: (name, event) => host().invoke(name, event),
      observe: outboxSchedule.observe,
      log,
    });
    closers.push(streamMappings.close);

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
      phone: phone.url,
      staffConsole: `${staffApi.url}${staffPaths.start}`,
      staffUsers: cognito.users,
      cognito: { url: cognito.url, userPoolId: cognito.userPoolId, clientId: cognito.clientId },
      eventBusName: DEFAULT_EVENT_BUS_NAME,
      stateMachineArn: LOCAL_STATE_MACHINE_ARN,
      tableName: LOCAL_TABLE_NAME,
      deadLetterQueues: deadLetterQueueUrls(sqs),
      intakeQueues: intakeQueueUrls(sqs),
      linkSecretArn: LINK_SECRET_ARN,
      arTeamTopicArn: LOCAL_AR_TEAM_TOPIC_ARN,
      agency: agency.url,
      clock: {
        daySeconds: options.daySeconds,
        originReal: originReal.toISOString(),
        originPolicy: originPolicy.toISOString(),
      },
    };
    return {
      endpoints,
      stepFunctions,
      eventBridge,
      sqs,
      sns,
      mail,
      phone,
      portal,
      staffApi,
      cognito,
      agency,
      lambdas,
      clock,
      stop,
    };
  } catch (error) {
    await children;
    await stop();
    throw error;
  }
}

/** SNS's invocation of a subscribed function, for one message (the fields Lambda gets). */
function snsEvent(message: PublishedMessage) {
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: `${message.topicArn}:local-subscription`,
        Sns: {
          Type: 'Notification',
          MessageId: message.messageId,
          TopicArn: message.topicArn,
          Subject: message.subject ?? null,
          Message: message.message,
          Timestamp: message.timestamp,
          MessageAttributes: message.messageAttributes,
        },
      },
    ],
  };
}
