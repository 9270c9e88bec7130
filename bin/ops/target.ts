import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { Endpoints } from '../../local/runtime/types.ts';
import { failed, usage } from './errors.ts';

/** The services the CLI calls, by their SDK endpoint variable's suffix. */
export type Service = 'dynamodb' | 'sqs' | 'sfn' | 'secretsmanager' | 'eventbridge';

/**
 * A dead-letter queue and where its messages go back to: the intake queue, or (an agency's, issue
 * 14: the target of its rule is its API destination, no queue) the event bus its rule listens on.
 */
export type QueuePair = { deadLetterQueueUrl: string; queueUrl?: string; bus?: string };

/** An agency's dead-letter queue (`Agency<Id>`, see contract/agency.ts): it has no intake queue; its redrive goes to the bus. */
const isAgencyQueue = (id: string, queueUrl: string | undefined) => !queueUrl && /^Agency[A-Z0-9]/.test(id);

/** What the CLI works against: a deployed stack (its outputs) or `npm start` (.local/endpoints.json). */
export type Target = {
  kind: 'local' | 'aws';
  /** The stack's name, or the endpoints file. */
  name: string;
  region: string;
  tableName: string;
  stateMachineArn: string;
  linkSecretArn?: string;
  /** By queue id: InvoiceOverdue, PaymentReceived, CaseUpdates, InvoiceDueSoon, EmailEvents, and each agency's (Agency<Id>). */
  queues: Record<string, QueuePair>;
  /** The configuration of an SDK client for a service (the local endpoint and credentials locally). */
  client(service: Service): { region: string; endpoint?: string; credentials?: LocalCredentials };
  /** Where a person reads an execution: the Step Functions console, or nothing locally. */
  consoleUrl(executionArn: string): string | undefined;
};

type LocalCredentials = { accessKeyId: string; secretAccessKey: string };
const LOCAL_CREDENTIALS: LocalCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const LOCAL_REGION = 'us-east-1';

export const DEFAULT_ENDPOINTS_FILE = '.local/endpoints.json';

export type TargetOptions = { local?: boolean; stack?: string; region?: string; endpoints?: string };

/**
 * `--stack <name>`: the deployed stack; `--local`: the running `npm start`; neither: local if its
 * endpoints file exists (`--endpoints` names another), else the user is told to choose.
 */
export async function resolveTarget(options: TargetOptions, cwd = process.cwd()): Promise<Target> {
  if (options.local && options.stack) throw usage('choose one target: --local or --stack <name>, not both');
  const endpointsFile = path.resolve(cwd, options.endpoints ?? DEFAULT_ENDPOINTS_FILE);
  if (options.stack !== undefined) return stackTarget(options.stack, options.region);
  if (options.local || options.endpoints !== undefined || existsSync(endpointsFile)) {
    if (!existsSync(endpointsFile))
      throw usage(
        `no ${path.relative(cwd, endpointsFile) || endpointsFile}: start the system with npm start first`,
      );
    return localTarget(endpointsFile);
  }
  throw usage(
    `no ${DEFAULT_ENDPOINTS_FILE} here: run npm start (then this works against it), or name a deployed stack with --stack <name>`,
  );
}

export function localTarget(endpointsFile: string): Target {
  let endpoints: Endpoints;
  try {
    endpoints = JSON.parse(readFileSync(endpointsFile, 'utf8')) as Endpoints;
  } catch (error) {
    throw usage(`${endpointsFile} is not the endpoints file npm start writes: ${(error as Error).message}`);
  }
  if (!endpoints.dynamodb || !endpoints.tableName || !endpoints.stateMachineArn)
    throw usage(
      `${endpointsFile} is not the endpoints file npm start writes (no dynamodb, tableName or stateMachineArn)`,
    );
  const queues: Record<string, QueuePair> = {};
  for (const [id, deadLetterQueueUrl] of Object.entries(endpoints.deadLetterQueues ?? {})) {
    const queueUrl = endpoints.intakeQueues?.[id];
    queues[id] = {
      deadLetterQueueUrl,
      ...(queueUrl ? { queueUrl } : {}),
      ...(isAgencyQueue(id, queueUrl) && endpoints.eventBusName ? { bus: endpoints.eventBusName } : {}),
    };
  }
  const serviceUrl: Record<Service, string> = {
    dynamodb: endpoints.dynamodb,
    sqs: endpoints.sqs,
    sfn: endpoints.stepfunctions,
    secretsmanager: endpoints.secretsmanager,
    eventbridge: endpoints.eventbridge,
  };
  return {
    kind: 'local',
    name: endpointsFile,
    region: LOCAL_REGION,
    tableName: endpoints.tableName,
    stateMachineArn: endpoints.stateMachineArn,
    ...(endpoints.linkSecretArn ? { linkSecretArn: endpoints.linkSecretArn } : {}),
    queues,
    client: (service) => ({
      region: LOCAL_REGION,
      endpoint: serviceUrl[service],
      credentials: LOCAL_CREDENTIALS,
    }),
    consoleUrl: () => undefined,
  };
}

/** The outputs of lib/collections-stack.ts (CfnOutput), read with DescribeStacks. */
async function stackTarget(stackName: string, regionOption?: string): Promise<Target> {
  if (!/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(stackName) && !stackName.startsWith('arn:'))
    throw usage(`"${stackName}" is not a CloudFormation stack name`);
  const cfn = new CloudFormationClient(regionOption ? { region: regionOption } : {});
  let region: string;
  try {
    region = await cfn.config.region();
  } catch {
    throw usage('no AWS region: pass --region or set AWS_REGION');
  }
  let outputs: Record<string, string>;
  try {
    const out = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
    const stack = out.Stacks?.[0];
    if (!stack) throw failed(`no stack named ${stackName} in ${region}`);
    outputs = Object.fromEntries(
      (stack.Outputs ?? []).flatMap((output) =>
        output.OutputKey && output.OutputValue ? [[output.OutputKey, output.OutputValue]] : [],
      ),
    );
  } catch (error) {
    if ((error as Error).name === 'ValidationError')
      throw usage(`no stack named ${stackName} in ${region} (${(error as Error).message})`);
    throw error;
  } finally {
    cfn.destroy();
  }
  return targetFromOutputs(stackName, region, outputs);
}

/** The stack outputs the CLI reads (lib/collections-stack.ts); the queues' are `<id>DeadLetterQueueUrl` and `<id>QueueUrl`. */
export const REQUIRED_OUTPUTS = ['TableName', 'StateMachineArn'] as const;

/** A deployed stack as a target, from its outputs. */
export function targetFromOutputs(
  stackName: string,
  region: string,
  outputs: Record<string, string>,
): Target {
  const required = (key: (typeof REQUIRED_OUTPUTS)[number]) => {
    const value = outputs[key];
    if (!value)
      throw failed(
        `stack ${stackName} has no ${key} output: is it this product's stack, deployed from this version?`,
      );
    return value;
  };
  const queues: Record<string, QueuePair> = {};
  for (const [key, value] of Object.entries(outputs)) {
    const id = /^(.+)DeadLetterQueueUrl$/.exec(key)?.[1];
    if (!id) continue;
    const queueUrl = outputs[`${id}QueueUrl`];
    const bus = isAgencyQueue(id, queueUrl) ? outputs.EventBusName : undefined;
    queues[id] = { deadLetterQueueUrl: value, ...(queueUrl ? { queueUrl } : {}), ...(bus ? { bus } : {}) };
  }
  return {
    kind: 'aws',
    name: stackName,
    region,
    tableName: required('TableName'),
    stateMachineArn: required('StateMachineArn'),
    ...(outputs.LinkSigningSecretArn ? { linkSecretArn: outputs.LinkSigningSecretArn } : {}),
    queues,
    client: () => ({ region }),
    consoleUrl: (executionArn) =>
      `https://${region}.console.aws.amazon.com/states/home?region=${region}#/v2/executions/details/${encodeURIComponent(executionArn)}`,
  };
}

/**
 * The adapters under functions/ build their clients from the environment (AWS_ENDPOINT_URL_<SERVICE>),
 * as in Lambda: point them at the target before they load.
 */
export function configureAdapters(target: Target): void {
  process.env.AWS_REGION = target.region;
  if (target.kind !== 'local') return;
  const dynamodb = target.client('dynamodb');
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamodb.endpoint;
  process.env.AWS_ACCESS_KEY_ID = LOCAL_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = LOCAL_CREDENTIALS.secretAccessKey;
}
