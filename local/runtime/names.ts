/** The names and addresses the local stack gives its resources (where AWS would have the stack's). */
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '../http-server.ts';
import { localTopicArn } from '../sns/index.ts';

export const LOCAL_TABLE_NAME = 'collections';
export const LOCAL_STATE_MACHINE_NAME = 'CollectionsCase';
export const LOCAL_SENDER = 'accounts@example.com';
/** The SES configuration set the functions are told to send with (the local SES does not keep sets). */
export const LOCAL_SES_CONFIGURATION_SET = 'collections-local';
export const LOCAL_DOCUMENTS_BUCKET = 'collections-documents';
/** The handlers' local credentials; the S3 policy gate checks upload signatures with this key. */
export const LOCAL_ACCESS_KEY_ID = 'local';
export const LOCAL_SECRET_ACCESS_KEY = 'local';
export const LOCAL_AR_TEAM_TOPIC_ARN = localTopicArn('collections-ar-team');
/** The texts' two-way channel (issue 16): the local phone's replies are published here. */
export const LOCAL_TEXT_REPLIES_TOPIC_ARN = localTopicArn('collections-text-replies');
/** The number texts come from locally, and the configuration set they are sent with. */
export const LOCAL_SMS_NUMBER = '+15550100000';
export const LOCAL_SMS_ORIGINATION_IDENTITY = `arn:aws:sms-voice:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:phone-number/phone-local0000000000000000000000000`;
export const LOCAL_SMS_CONFIGURATION_SET = 'collections-texts-local';
export const LINK_SECRET_ARN = `arn:aws:secretsmanager:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:secret:collections-link-signing-AbCdEf`;

/**
 * The local collection agency (issue 14): its id, its report-signing secret (in the local Secrets
 * Manager), and the API key its connection sends. It takes every segment and the usual currencies.
 */
export const LOCAL_AGENCY = {
  agencyId: 'local-agency',
  name: 'Local Recoveries Ltd',
  segments: ['consumer', 'small-business', 'enterprise'],
  currencies: ['GBP', 'EUR', 'USD'],
  termDays: 90,
  contact: {
    phone: '+44 20 7946 0999',
    email: 'help@local-recoveries.example',
    website: 'https://local-recoveries.example',
  },
  reportSecretArn: `arn:aws:secretsmanager:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:secret:collections-agency-local-agency-AbCdEf`,
} as const;
export const LOCAL_AGENCY_API_KEY_HEADER = 'X-Api-Key';
/** The local agency's rule on the collections bus; what it cannot deliver waits in its dead-letter queue. */
export const LOCAL_AGENCY_RULE = `Agency-${LOCAL_AGENCY.agencyId}`;

/** SES's events' intake (the rule on the default bus, its queue and dead-letter queue), as the stack names it. */
export const EMAIL_EVENTS_INTAKE = 'EmailEvents';
/** The texts' dead-letter queue (`deadLetterQueueName(TEXT_REPLIES)`): a debtor's text the function failed on. */
export const TEXT_REPLIES = 'TextReplies';

/** A billing rule's intake queue, and its dead-letter queue. */
export const queueName = (ruleId: string) => `collections-${ruleId}`;
export const deadLetterQueueName = (ruleId: string) => `collections-${ruleId}-dead-letters`;

export const LOCAL_STATE_MACHINE_ARN = `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:stateMachine:${LOCAL_STATE_MACHINE_NAME}`;
