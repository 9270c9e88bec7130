/**
 * The Lambda functions, defined once: the CDK stack deploys each entry with exactly the listed
 * environment and permissions, and the local runtime loads the same entry with the same variables.
 */
import { type EnvName, FUNCTION_ENVIRONMENT } from '../functions/contract/environment.ts';
import { METRIC_MODIFIED_ENTRY, METRIC_TIMELINE_ENTRIES } from '../functions/contract/metrics.ts';
import { OUTBOX_PARTITIONS, type OutboxCarrier } from '../functions/contract/table.ts';
import { OUTCOME_ENTRIES } from '../functions/domain/outcomes.ts';

export type { EnvName } from '../functions/contract/environment.ts';

/** What a function may do; the stack turns each into a least-privilege grant. */
export type Permission =
  | 'table:read'
  | 'table:write'
  | 'states:start'
  | 'states:callback'
  | 'events:put'
  | 'ses:send'
  | 'secret:read'
  | 'dlq:InvoiceOverdue'
  | 'dlq:PaymentReceived'
  | 'dlq:CaseUpdates'
  | 'dlq:InvoiceDueSoon'
  /** Park an SES event that fails its schema in EmailEventsIntake's dead-letter queue. */
  | 'dlq:EmailEvents'
  /** Publish to the AR team's SNS topic (disputes to review, callbacks to make). */
  | 'sns:publish-ar'
  /** Presign uploads to, read, copy and delete dispute documents (`disputes/*` of the documents bucket). */
  | 's3:dispute-documents'
  /** Read dispute documents only (the staff console's presigned download links). */
  | 's3:read-dispute-documents'
  /** Read the agencies' report-signing secrets (issue 14), through the Parameters and Secrets extension. */
  | 'agency-secrets:read'
  /** Read the table's stream (granted with the event source mapping that `tableStream` declares). */
  | 'table:stream'
  /** Send texts from the stack's origination identity through its configuration set (issue 16). */
  | 'sms:send';

/**
 * A filter of Lambda's event filtering (`FilterCriteria`) on a DynamoDB stream record: the stack
 * deploys it as is, and the local runtime's stream emulation applies it with the local EventBridge
 * pattern matcher (the same syntax).
 */
export type StreamFilter = Readonly<Record<string, unknown>>;

/**
 * The stream records that bring a carrier its new outbox items: INSERTs into its partition, any of
 * its shards (`OUTBOX#mail#3`; functions/contract/table.ts INDEX_SHARDS), hence a prefix. No other
 * carrier's partition starts with another's.
 */
export const outboxInsertFilter = (carrier: OutboxCarrier): StreamFilter => ({
  eventName: ['INSERT'],
  dynamodb: { NewImage: { gsi1pk: { S: [{ prefix: OUTBOX_PARTITIONS[carrier] }] } } },
});

/** The stream records that bring deliverEmail a message the send gate recorded for sending. */
export const PENDING_MESSAGE_FILTER: StreamFilter = {
  eventName: ['INSERT'],
  dynamodb: { NewImage: { itemType: { S: ['message'] }, status: { S: ['pending'] } } },
};

/** The stream records that bring deliverText a text recorded for sending (issue 16). */
export const PENDING_TEXT_FILTER: StreamFilter = {
  eventName: ['INSERT'],
  dynamodb: { NewImage: { itemType: { S: ['text'] }, status: { S: ['pending'] } } },
};

/**
 * The stream records recordMetrics derives the business metrics from: the INSERTs of the timeline
 * entries the contract names, and the MODIFYs of EmailSent entries (SES's delivery is written there).
 */
export const METRIC_ENTRY_FILTERS: readonly StreamFilter[] = [
  {
    eventName: ['INSERT'],
    dynamodb: { NewImage: { itemType: { S: ['timeline'] }, type: { S: [...METRIC_TIMELINE_ENTRIES] } } },
  },
  {
    eventName: ['MODIFY'],
    dynamodb: { NewImage: { itemType: { S: ['timeline'] }, type: { S: [METRIC_MODIFIED_ENTRY] } } },
  },
];

/** The stream records recordOutcomes keeps the Outcomes page's counters from: INSERTs of the entries they count. */
export const OUTCOME_ENTRY_FILTERS: readonly StreamFilter[] = [
  {
    eventName: ['INSERT'],
    dynamodb: { NewImage: { itemType: { S: ['timeline'] }, type: { S: [...OUTCOME_ENTRIES] } } },
  },
];

/**
 * How every stream consumer reads the table's stream (the stack's event source mappings, and the
 * local emulation): small batches, a failed record reported alone (Powertools' batch utility), the
 * batch split in two on an error, a bounded number of retries, then the record parked in the
 * function's on-failure queue (an SQS dead-letter queue, alarmed).
 */
export const STREAM_SETTINGS = {
  batchSize: 10,
  bisectBatchOnError: true,
  reportBatchItemFailures: true,
  retryAttempts: 3,
  /** A record older than this is parked rather than tried (the schedule carries its item out anyway). */
  maxRecordAgeSeconds: 3_600,
} as const;

/**
 * How often Lambda tries an asynchronous invocation again (a debtor's text from the two-way topic)
 * after the function failed on it, before the event goes to the function's on-failure queue; the
 * local runtime's subscriber tries as often.
 */
export const ASYNC_RETRY_ATTEMPTS = 2;

/** Memory of a function whose spec names none, in AWS and in the local runtime alike. */
export const DEFAULT_MEMORY_MB = 256;
/** Timeout of a function whose spec names none, in AWS and in the local runtime alike. */
export const DEFAULT_TIMEOUT_SECONDS = 30;

export interface FunctionSpec {
  /** Stable CDK construct id (it names the function's resources: changing it replaces them). */
  readonly id: string;
  /** Handler file, relative to the repository root; its export is `handler`. */
  readonly entry: string;
  readonly description: string;
  /** The environment variables the handler reads; the function gets exactly these. */
  readonly env: readonly EnvName[];
  /** What the function may do; the stack grants each on its one resource (lib/constructs/function-permissions.ts). */
  readonly permissions: readonly Permission[];
  /**
   * Name of the ASL substitution that carries this function's ARN, for Task states.
   * @default none: the state machine does not invoke the function
   */
  readonly aslSubstitution?: string;
  /**
   * The table's stream invokes the function with the records these filters let through (NEW_IMAGE),
   * with STREAM_SETTINGS and an on-failure dead-letter queue.
   * @default none: the stream does not invoke the function
   */
  readonly tableStream?: { readonly filters: readonly StreamFilter[] };
  /**
   * Memory, in MB.
   * @default DEFAULT_MEMORY_MB (256)
   */
  readonly memoryMb?: number;
  /**
   * Timeout, in seconds.
   * @default DEFAULT_TIMEOUT_SECONDS (30)
   */
  readonly timeoutSeconds?: number;
  /**
   * Whether the function carries Powertools Tracer (a subsegment per AWS SDK call), taken from the
   * Powertools Lambda layer rather than bundled (build/lambda-bundling.ts). The debtor's first click
   * goes without: its cold start is the one a person waits for, and its budget (issue 10) is 100 ms
   * of import; Lambda's active tracing still records its invocations.
   * @default true
   */
  readonly tracer?: boolean;
}

/**
 * What every function that writes to the debtor may do: write the timeline, record the email, sign
 * the links. Sending it is deliverEmail's (the one function with `ses:send`).
 */
const MAILING_PERMISSIONS = ['table:read', 'table:write', 'secret:read'] as const;

export const FUNCTIONS = {
  receiveOverdueInvoice: {
    id: 'ReceiveOverdueInvoice',
    entry: 'functions/handlers/receive-overdue-invoice.ts',
    description:
      'Opens a case for an overdue invoice (its reminder schedule, CaseOpened) or joins the account’s open case, and starts its workflow',
    env: FUNCTION_ENVIRONMENT.receiveOverdueInvoice,
    permissions: ['table:read', 'table:write', 'states:start', 'events:put', 'dlq:InvoiceOverdue'],
  },
  receivePayment: {
    id: 'ReceivePayment',
    entry: 'functions/handlers/receive-payment.ts',
    description:
      'Applies a payment to the open case, thanks a partial one, and tells the workflow when the balance is settled',
    env: FUNCTION_ENVIRONMENT.receivePayment,
    // The thanks goes through the outbox (sendWaitingMessages sends it).
    permissions: ['table:read', 'table:write', 'states:callback', 'dlq:PaymentReceived'],
  },
  receiveCaseUpdate: {
    id: 'ReceiveCaseUpdate',
    entry: 'functions/handlers/receive-case-update.ts',
    description:
      'Applies dispute resolutions, credits and legal pauses to the open case and tells its workflow',
    env: FUNCTION_ENVIRONMENT.receiveCaseUpdate,
    permissions: ['table:read', 'table:write', 'states:callback', 'dlq:CaseUpdates'],
  },
  receiveDueSoonInvoice: {
    id: 'ReceiveDueSoonInvoice',
    entry: 'functions/handlers/receive-due-soon-invoice.ts',
    description:
      'Keeps the note before an invoice’s due date (issue 16), once per invoice; the mail carrier sends it when due',
    env: FUNCTION_ENVIRONMENT.receiveDueSoonInvoice,
    permissions: ['table:read', 'table:write', 'dlq:InvoiceDueSoon'],
  },
  sendReminder: {
    id: 'SendReminder',
    entry: 'functions/handlers/send-reminder.ts',
    description:
      'Task (wait for reply): keeps the task token, writes the timeline, records the reminder for deliverEmail',
    env: FUNCTION_ENVIRONMENT.sendReminder,
    // Its events (ReminderSent, SettlementOffered) go through the outbox (carryOutFollowUps publishes them).
    permissions: [...MAILING_PERMISSIONS, 'states:callback'],
    aslSubstitution: 'SendReminderFunctionArn',
  },
  checkContact: {
    id: 'CheckContact',
    entry: 'functions/handlers/check-contact.ts',
    description:
      'Task: may the next reminder go now (contact window, weekly cap, pauses), and if not, until when',
    env: FUNCTION_ENVIRONMENT.checkContact,
    permissions: ['table:read'],
    aslSubstitution: 'CheckContactFunctionArn',
  },
  sendWaitingMessages: {
    id: 'SendWaitingMessages',
    entry: 'functions/handlers/send-waiting-messages.ts',
    description:
      'The outbox’s mail carrier: each waiting email that is due goes through the contact gate (stream and schedule)',
    env: FUNCTION_ENVIRONMENT.sendWaitingMessages,
    permissions: [...MAILING_PERMISSIONS, 'table:stream'],
    tableStream: { filters: [outboxInsertFilter('mail')] },
  },
  carryOutFollowUps: {
    id: 'CarryOutFollowUps',
    entry: 'functions/handlers/carry-out-follow-ups.ts',
    description:
      'The outbox’s follow-up carrier: publishes queued case events and AR-team notices, and starts each case’s workflow when its friendly reminder is due, once each (stream and schedule)',
    env: FUNCTION_ENVIRONMENT.carryOutFollowUps,
    permissions: [
      'table:read',
      'table:write',
      'events:put',
      'sns:publish-ar',
      'states:start',
      'table:stream',
    ],
    tableStream: { filters: [outboxInsertFilter('followUp')] },
  },
  deliverEmail: {
    id: 'DeliverEmail',
    entry: 'functions/handlers/deliver-email.ts',
    description:
      'Sends each email the send gate recorded to SES, once (from the table’s stream; the schedule sends what it left)',
    env: FUNCTION_ENVIRONMENT.deliverEmail,
    permissions: ['table:read', 'table:write', 'ses:send', 'table:stream'],
    // A recorded message is INSERTed once ('pending'); the claim's own writes to it are MODIFYs.
    tableStream: { filters: [PENDING_MESSAGE_FILTER] },
  },
  deliverText: {
    id: 'DeliverText',
    entry: 'functions/handlers/deliver-text.ts',
    description:
      'Sends each text the send gate recorded (and each answer to a debtor’s text) through End User Messaging SMS, once',
    env: FUNCTION_ENVIRONMENT.deliverText,
    permissions: ['table:read', 'table:write', 'sms:send', 'table:stream'],
    tableStream: { filters: [PENDING_TEXT_FILTER] },
  },
  receiveTextReplies: {
    id: 'ReceiveTextReplies',
    entry: 'functions/handlers/receive-text-replies.ts',
    description:
      'The debtor’s texts from the two-way SNS topic: STOP withdraws consent to texts, HELP is answered, anything else goes to a person',
    env: FUNCTION_ENVIRONMENT.receiveTextReplies,
    // The answers (a STOP's confirmation, HELP) are recorded for deliverText; HELP's carries the signed link.
    permissions: ['table:read', 'table:write', 'secret:read'],
  },
  recordMetrics: {
    id: 'RecordMetrics',
    entry: 'functions/handlers/record-metrics.ts',
    description:
      'The business metrics (EMF): each timeline entry the table records, as the metrics contract’s data points (from the table’s stream)',
    env: FUNCTION_ENVIRONMENT.recordMetrics,
    permissions: ['table:read', 'table:stream'],
    tableStream: { filters: METRIC_ENTRY_FILTERS },
  },
  referToAgency: {
    id: 'ReferToAgency',
    entry: 'functions/handlers/refer-to-agency.ts',
    description: 'Task: checks the referral preconditions, tells the debtor, and emits CasePlacedWithAgency',
    env: FUNCTION_ENVIRONMENT.referToAgency,
    permissions: [...MAILING_PERMISSIONS, 'events:put'],
    aslSubstitution: 'ReferToAgencyFunctionArn',
  },
  closeCase: {
    id: 'CloseCase',
    entry: 'functions/handlers/close-case.ts',
    description: 'Task: closes a case as paid (with thanks) or credited, and emits CaseResolved',
    env: FUNCTION_ENVIRONMENT.closeCase,
    permissions: [...MAILING_PERMISSIONS, 'events:put'],
    aslSubstitution: 'CloseCaseFunctionArn',
  },
  holdCase: {
    id: 'HoldCase',
    entry: 'functions/handlers/hold-case.ts',
    description: 'Task (wait for reply): holds the case through a promise, dispute, callback or legal pause',
    env: FUNCTION_ENVIRONMENT.holdCase,
    permissions: ['table:read', 'table:write', 'states:callback'],
    aslSubstitution: 'HoldCaseFunctionArn',
  },
  endPause: {
    id: 'EndPause',
    entry: 'functions/handlers/end-pause.ts',
    description: 'Task: decides how the case goes on when a pause or a plan checkpoint is reached',
    env: FUNCTION_ENVIRONMENT.endPause,
    permissions: [...MAILING_PERMISSIONS, 'events:put'],
    aslSubstitution: 'EndPauseFunctionArn',
  },
  handToPerson: {
    id: 'HandToPerson',
    entry: 'functions/handlers/hand-to-person.ts',
    description: 'Task: hands a case with no automatic step left to the AR team (ManualFollowUpNeeded)',
    env: FUNCTION_ENVIRONMENT.handToPerson,
    permissions: ['table:read', 'table:write', 'events:put'],
    aslSubstitution: 'HandToPersonFunctionArn',
  },
  checkHardship: {
    id: 'CheckHardship',
    entry: 'functions/handlers/check-hardship.ts',
    description:
      'Task: checks for signs of hardship before the final notice and before a referral, records the decision, emits HardshipCheckCompleted',
    env: FUNCTION_ENVIRONMENT.checkHardship,
    permissions: ['table:read', 'table:write', 'events:put'],
    aslSubstitution: 'CheckHardshipFunctionArn',
  },
  handOverForHardship: {
    id: 'HandOverForHardship',
    entry: 'functions/handlers/hand-over-for-hardship.ts',
    description:
      'Task: signs of hardship: emails a supportive message, holds the case for a person, emits ManualFollowUpNeeded',
    env: FUNCTION_ENVIRONMENT.handOverForHardship,
    permissions: [...MAILING_PERMISSIONS, 'events:put'],
    aslSubstitution: 'HandOverForHardshipFunctionArn',
  },
  receiveEmailEvents: {
    id: 'ReceiveEmailEvents',
    entry: 'functions/handlers/receive-email-events.ts',
    description:
      'Records SES bounces, complaints, delays and deliveries on their message and case; a dead address or a complaint goes to a person',
    env: FUNCTION_ENVIRONMENT.receiveEmailEvents,
    permissions: ['table:read', 'table:write', 'states:callback', 'dlq:EmailEvents'],
  },
  portalPages: {
    id: 'PortalPages',
    entry: 'functions/handlers/portal-pages.ts',
    description: 'The debtor’s self-service pages behind signed links (every GET but the documents page)',
    env: FUNCTION_ENVIRONMENT.portalPages,
    permissions: ['table:read', 'secret:read'],
    tracer: false,
  },
  receiveAgencyReport: {
    id: 'ReceiveAgencyReport',
    entry: 'functions/handlers/receive-agency-report.ts',
    description:
      'POST /agency/{agencyId}/reports: an agency’s signed report on a placed case (collected, disputed, returned, closed)',
    env: FUNCTION_ENVIRONMENT.receiveAgencyReport,
    // Each agency's report secret (the stack grants exactly those); the workflow is told at once.
    permissions: ['table:read', 'table:write', 'agency-secrets:read', 'states:callback'],
  },
  portalActions: {
    id: 'PortalActions',
    entry: 'functions/handlers/portal-actions.ts',
    description: 'The debtor’s self-service forms behind signed links: actions and the survey (every POST)',
    env: FUNCTION_ENVIRONMENT.portalActions,
    // Acknowledgements, events and AR-team notices go through the outbox; the workflow is told at once.
    permissions: ['table:read', 'table:write', 'secret:read', 'states:callback'],
  },
  portalDocuments: {
    id: 'PortalDocuments',
    entry: 'functions/handlers/portal-documents.ts',
    description:
      'The debtor’s dispute documents page behind signed links: uploads straight to S3, checked on return',
    env: FUNCTION_ENVIRONMENT.portalDocuments,
    // The AR team's notice of a new document goes through the outbox.
    permissions: ['table:read', 'table:write', 'secret:read', 's3:dispute-documents'],
  },
  portalStatement: {
    id: 'PortalStatement',
    entry: 'functions/handlers/portal-statement.ts',
    description: 'The debtor’s statement of account as a PDF behind signed links (issue 16)',
    env: FUNCTION_ENVIRONMENT.portalStatement,
    permissions: ['table:read', 'secret:read'],
  },
  staffConsole: {
    id: 'StaffConsole',
    entry: 'functions/handlers/staff-console.ts',
    description:
      'The collections team’s console behind Cognito: sign-in, work queues, search, the case page and staff actions',
    env: FUNCTION_ENVIRONMENT.staffConsole,
    permissions: ['table:read', 'table:write', 'secret:read', 'states:callback', 's3:read-dispute-documents'],
  },
  recordOutcomes: {
    id: 'RecordOutcomes',
    entry: 'functions/handlers/record-outcomes.ts',
    description:
      'The Outcomes page’s counters: each timeline entry they count, added once to its day and segment (from the table’s stream)',
    env: FUNCTION_ENVIRONMENT.recordOutcomes,
    permissions: ['table:read', 'table:write', 'table:stream'],
    tableStream: { filters: OUTCOME_ENTRY_FILTERS },
  },
  staffOutcomes: {
    id: 'StaffOutcomes',
    entry: 'functions/handlers/staff-outcomes.ts',
    description:
      'The collections team’s Outcomes page (charts and tables) and its CSV, behind the console’s session',
    env: FUNCTION_ENVIRONMENT.staffOutcomes,
    permissions: ['table:read', 'secret:read'],
  },
  staffCommitments: {
    id: 'StaffCommitments',
    entry: 'functions/handlers/staff-commitments.ts',
    description:
      'A promise or a plan agreed on the phone, recorded by an agent through the portal’s use case and the mail gate',
    env: FUNCTION_ENVIRONMENT.staffCommitments,
    permissions: ['table:read', 'table:write', 'secret:read', 'states:callback'],
  },
  debtorEmails: {
    id: 'DebtorEmails',
    entry: 'functions/handlers/debtor-emails.ts',
    description:
      'A debtor’s opt-out of every email from a note before a due date: the page, its form and RFC 8058’s one-click POST',
    env: FUNCTION_ENVIRONMENT.debtorEmails,
    permissions: ['table:read', 'table:write', 'secret:read'],
  },
  staffTexts: {
    id: 'StaffTexts',
    entry: 'functions/handlers/staff-texts.ts',
    description:
      'A reply to the debtor by text in an agent’s words, through the one send gate (deliverText sends it)',
    env: FUNCTION_ENVIRONMENT.staffTexts,
    permissions: ['table:read', 'table:write', 'secret:read'],
  },
} as const satisfies Record<keyof typeof FUNCTION_ENVIRONMENT, FunctionSpec>;

export type FunctionName = keyof typeof FUNCTIONS;

/**
 * How often the outbox's carriers run on their schedule, in policy minutes (an EventBridge schedule
 * in AWS; a timer locally), for items due later than they were queued, or left by the stream.
 */
export const SEND_WAITING_MESSAGES_EVERY_MINUTES = 5;

/**
 * The functions the outbox's schedule runs: the mail carrier, the follow-up carrier, and deliverEmail's
 * sweep (the recorded messages the stream left). The carriers' runs report the backlog (OutboxBacklog,
 * OutboxOldestItemAge; the mail carrier's counts the recorded messages still waiting for SES too).
 */
export const OUTBOX_CARRIERS = [
  'sendWaitingMessages',
  'carryOutFollowUps',
  'deliverEmail',
  'deliverText',
] as const satisfies readonly FunctionName[];

/** The one state machine file, relative to the repository root. */
export const STATE_MACHINE_FILE = 'state-machines/collections-case.asl.json';
