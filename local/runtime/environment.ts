import { DELIVERY_SWEEP_AFTER_SECONDS, type EnvName } from '../../functions/contract/environment.ts';
import { DEFAULT_EVENT_BUS_NAME } from '../../functions/contract/events.ts';
import { METRICS_ENVIRONMENT } from '../../functions/contract/metrics.ts';
import { DEMO_CREDITOR } from '../../lib/stack-config.ts';
import { LOCAL_REGION } from '../http-server.ts';
import {
  EMAIL_EVENTS_INTAKE,
  LINK_SECRET_ARN,
  LOCAL_ACCESS_KEY_ID,
  LOCAL_AGENCY,
  LOCAL_AR_TEAM_TOPIC_ARN,
  LOCAL_DOCUMENTS_BUCKET,
  LOCAL_SECRET_ACCESS_KEY,
  LOCAL_SENDER,
  LOCAL_SES_CONFIGURATION_SET,
  LOCAL_SMS_CONFIGURATION_SET,
  LOCAL_SMS_ORIGINATION_IDENTITY,
  LOCAL_STATE_MACHINE_ARN,
  LOCAL_TABLE_NAME,
} from './names.ts';

/** Where each local service answers, and what the clock is. */
export type LocalAddresses = {
  dynamodb: string;
  stepfunctions: string;
  ses: string;
  eventbridge: string;
  sqs: string;
  secretsmanager: string;
  s3: string;
  sns: string;
  /** The local phone (local/phone/): SendTextMessage lands there. */
  phone: string;
  portal: string;
  /** The staff user pool (cognito-local): its token issuer and the console's app client. */
  staffTokenIssuer: string;
  staffClientId: string;
  cognito: string;
  /** A billing rule's dead-letter queue, by rule id. */
  deadLetterQueueUrl: (ruleId: string) => string;
  daySeconds: number;
  originReal: Date;
  originPolicy: Date;
  /** The runtime's `retryScale`: the delivery sweep waits as much less as the local stream retries faster. */
  retryScale: number;
};

/**
 * The handlers' environment: the variables the stack sets on each function, with local values, and
 * the SDK's endpoint variables (AWS_ENDPOINT_URL_<SERVICE>) that send every client to the local services.
 */
export function handlerEnvironment(at: LocalAddresses): Record<string, string> {
  // Every variable a function may read has a local value: one missing here does not compile.
  const functionVariables: Record<EnvName, string> = {
    TABLE_NAME: LOCAL_TABLE_NAME,
    STATE_MACHINE_ARN: LOCAL_STATE_MACHINE_ARN,
    EVENT_BUS_NAME: DEFAULT_EVENT_BUS_NAME,
    SENDER_ADDRESS: LOCAL_SENDER,
    SES_CONFIGURATION_SET: LOCAL_SES_CONFIGURATION_SET,
    PORTAL_BASE_URL: at.portal,
    LINK_SECRET_ARN,
    DAY_SECONDS: String(at.daySeconds),
    DELIVERY_SWEEP_AFTER_SECONDS: String(DELIVERY_SWEEP_AFTER_SECONDS * at.retryScale),
    CLOCK_ORIGIN: at.originReal.toISOString(),
    CLOCK_ORIGIN_POLICY: at.originPolicy.toISOString(),
    INVOICE_OVERDUE_DLQ_URL: at.deadLetterQueueUrl('InvoiceOverdue'),
    PAYMENT_RECEIVED_DLQ_URL: at.deadLetterQueueUrl('PaymentReceived'),
    CASE_UPDATE_DLQ_URL: at.deadLetterQueueUrl('CaseUpdates'),
    INVOICE_DUE_SOON_DLQ_URL: at.deadLetterQueueUrl('InvoiceDueSoon'),
    EMAIL_EVENTS_DLQ_URL: at.deadLetterQueueUrl(EMAIL_EVENTS_INTAKE),
    AR_TEAM_TOPIC_ARN: LOCAL_AR_TEAM_TOPIC_ARN,
    DOCUMENT_BUCKET_NAME: LOCAL_DOCUMENTS_BUCKET,
    STAFF_TOKEN_ISSUER: at.staffTokenIssuer,
    STAFF_CLIENT_ID: at.staffClientId,
    CREDITOR: JSON.stringify(DEMO_CREDITOR),
    SMS_ORIGINATION_IDENTITY: LOCAL_SMS_ORIGINATION_IDENTITY,
    SMS_CONFIGURATION_SET: LOCAL_SMS_CONFIGURATION_SET,
    AGENCIES: JSON.stringify([LOCAL_AGENCY]),
  };
  return {
    ...functionVariables,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: LOCAL_SECRET_ACCESS_KEY,
    AWS_ENDPOINT_URL_DYNAMODB: at.dynamodb,
    AWS_ENDPOINT_URL_SFN: at.stepfunctions,
    AWS_ENDPOINT_URL_SES: at.ses,
    AWS_ENDPOINT_URL_EVENTBRIDGE: at.eventbridge,
    AWS_ENDPOINT_URL_SQS: at.sqs,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: at.secretsmanager,
    AWS_ENDPOINT_URL_S3: at.s3,
    AWS_ENDPOINT_URL_SNS: at.sns,
    // Texts (issue 16): the local phone answers End User Messaging SMS's SendTextMessage.
    AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2: at.phone,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: at.cognito,
    // The Parameters and Secrets extension's port (link-secret.ts): the secrets emulator serves its API.
    PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: new URL(at.secretsmanager).port,
    // How long the functions keep the link-signing keyring (the extension's variable; 300 s in AWS):
    // short here, so a rotation (npm run ops -- link-key rotate) reaches them in seconds.
    SECRETS_MANAGER_TTL: '2',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    // The stack's Powertools variables (the metrics' namespace and service), as in AWS.
    ...METRICS_ENVIRONMENT,
    // The metrics' EMF lines (one JSON line per data point, on stdout) only when asked for
    // (POWERTOOLS_METRICS_DISABLED=false npm start): a local run's output stays readable.
    POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
  };
}
