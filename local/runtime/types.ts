import type { PolicyClock } from '../../functions/domain/policy-clock.ts';
import type { LocalAgency } from '../agency/index.ts';
import type { ApiGatewayEmulator } from '../api-gateway/index.ts';
import type { LocalCognito } from '../cognito/index.ts';
import type { EventBridgeEmulator } from '../eventbridge/index.ts';
import type { LocalPhone } from '../phone/index.ts';
import type { LocalMail } from '../ses/index.ts';
import type { SnsEmulator } from '../sns/index.ts';
import type { SqsEmulator } from '../sqs/index.ts';
import type { StepFunctionsEmulator } from '../stepfunctions/index.ts';
import type { LambdaHost } from './lambda-host.ts';

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
  /**
   * The local phone (issue 16's local contract: scripts outside the repository read it, keep it
   * exact): `GET {phone}/messages` is every text sent (`to`, `body`, `at`), and `POST {phone}/reply`
   * with `{ "from": "+1…", "body": "STOP" }` delivers an inbound text as the two-way channel does.
   */
  phone: string;
  /** The staff console's start page (issue 12's local contract: scripts outside the repository read it). */
  staffConsole: string;
  /** One demo member of staff per role, with a password new for each run (the same contract). */
  staffUsers: { email: string; password: string; role: 'agent' | 'supervisor' | 'viewer' }[];
  /** cognito-local: the staff user pool and the console's app client. */
  cognito: { url: string; userPoolId: string; clientId: string };
  eventBusName: string;
  stateMachineArn: string;
  tableName: string;
  deadLetterQueues: Record<string, string>;
  /** Each dead-letter queue's intake queue, by the same rule id (where a redrive sends its messages). */
  intakeQueues: Record<string, string>;
  /** The link-signing secret (a keyring after a rotation: see functions/domain/links.ts). */
  linkSecretArn: string;
  /** The AR team's topic: every dispute and callback request (read them at `${sns}/messages`). */
  arTeamTopicArn: string;
  /**
   * The policy clock the contact rules run on: policy = originPolicy + (real − originReal) × 86,400 / daySeconds.
   * Timeline `at` values are real instants; convert them with this to read them as policy time.
   */
  clock: { daySeconds: number; originReal: string; originPolicy: string };
  /**
   * The local collection agency's base URL (issue 14's public contract): `GET {agency}/placements`
   * lists every placement and forward it received (`accountId`, `kind`: placement, payment, recall …);
   * `POST {agency}/reports` `{ accountId, kind, amount? }` makes it send that signed report.
   */
  agency: string;
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
  /**
   * A DynamoDB Local already running, started with `databasePerKey` (local/dynamodb), that other
   * runtimes share: this one takes a database of its own there (`databaseOf`) instead of starting a
   * JVM. Tests share one (test/support/shared-dynamodb.ts). The runtime starts its own when absent.
   */
  sharedDynamoDbUrl?: string;
  log?: (line: string) => void;
};

export type LocalRuntime = {
  endpoints: Endpoints;
  stepFunctions: StepFunctionsEmulator;
  eventBridge: EventBridgeEmulator;
  sqs: SqsEmulator;
  sns: SnsEmulator;
  mail: LocalMail;
  /** The local phone: every text, and replies as a debtor. */
  phone: LocalPhone;
  portal: ApiGatewayEmulator;
  /** The staff console's API. */
  staffApi: ApiGatewayEmulator;
  cognito: LocalCognito;
  /** The local collection agency (issue 14). */
  agency: LocalAgency;
  lambdas: LambdaHost;
  /** The policy clock (see Endpoints.clock). */
  clock: PolicyClock;
  stop(): Promise<void>;
};
