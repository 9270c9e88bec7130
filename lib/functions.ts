/**
 * The Lambda functions, defined once: the CDK stack deploys each entry with exactly the listed
 * environment and permissions, and the local runtime loads the same entry with the same variables.
 */
import { type EnvName, FUNCTION_ENVIRONMENT } from '../functions/contract/environment.ts';

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
  /** Park an SES event that fails its schema in EmailEventsIntake's dead-letter queue. */
  | 'dlq:EmailEvents'
  /** Publish to the AR team's SNS topic (disputes to review, callbacks to make). */
  | 'sns:publish-ar'
  /** Presign uploads to, read, copy and delete dispute documents (`disputes/*` of the documents bucket). */
  | 's3:dispute-documents'
  /** Read dispute documents only (the staff console's presigned download links). */
  | 's3:read-dispute-documents';

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
   * Memory, in MB.
   * @default DEFAULT_MEMORY_MB (256)
   */
  readonly memoryMb?: number;
  /**
   * Timeout, in seconds.
   * @default DEFAULT_TIMEOUT_SECONDS (30)
   */
  readonly timeoutSeconds?: number;
}

/** What every function that writes to the debtor may do: write the timeline, send the email, sign the links. */
const MAILING_PERMISSIONS = ['table:read', 'table:write', 'ses:send', 'secret:read'] as const;

export const FUNCTIONS = {
  receiveOverdueInvoice: {
    id: 'ReceiveOverdueInvoice',
    entry: 'functions/handlers/receive-overdue-invoice.ts',
    description:
      'Opens a case for an overdue invoice, or joins the account’s open case, and starts its workflow',
    env: FUNCTION_ENVIRONMENT.receiveOverdueInvoice,
    permissions: ['table:read', 'table:write', 'states:start', 'dlq:InvoiceOverdue'],
  },
  receivePayment: {
    id: 'ReceivePayment',
    entry: 'functions/handlers/receive-payment.ts',
    description:
      'Applies a payment to the open case, thanks a partial one, and tells the workflow when the balance is settled',
    env: FUNCTION_ENVIRONMENT.receivePayment,
    permissions: [...MAILING_PERMISSIONS, 'states:callback', 'dlq:PaymentReceived'],
  },
  receiveCaseUpdate: {
    id: 'ReceiveCaseUpdate',
    entry: 'functions/handlers/receive-case-update.ts',
    description:
      'Applies dispute resolutions, credits and legal pauses to the open case and tells its workflow',
    env: FUNCTION_ENVIRONMENT.receiveCaseUpdate,
    permissions: ['table:read', 'table:write', 'states:callback', 'dlq:CaseUpdates'],
  },
  openCase: {
    id: 'OpenCase',
    entry: 'functions/handlers/open-case.ts',
    description:
      'Task: fixes the case’s reminder schedule from its segment’s policy and announces CaseOpened',
    env: FUNCTION_ENVIRONMENT.openCase,
    permissions: ['table:read', 'table:write', 'events:put'],
    aslSubstitution: 'OpenCaseFunctionArn',
  },
  sendReminder: {
    id: 'SendReminder',
    entry: 'functions/handlers/send-reminder.ts',
    description: 'Task (wait for reply): keeps the task token, writes the timeline, emails the reminder',
    env: FUNCTION_ENVIRONMENT.sendReminder,
    permissions: [...MAILING_PERMISSIONS, 'events:put', 'states:callback'],
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
      'Scheduled: sends each waiting message that is now due through the contact gate, late but once',
    env: FUNCTION_ENVIRONMENT.sendWaitingMessages,
    // The follow-ups of debtors' actions that failed at the time: their events and AR-team notices.
    permissions: [...MAILING_PERMISSIONS, 'events:put', 'sns:publish-ar'],
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
  },
  portalActions: {
    id: 'PortalActions',
    entry: 'functions/handlers/portal-actions.ts',
    description: 'The debtor’s self-service forms behind signed links: actions and the survey (every POST)',
    env: FUNCTION_ENVIRONMENT.portalActions,
    permissions: [...MAILING_PERMISSIONS, 'states:callback', 'events:put', 'sns:publish-ar'],
  },
  portalDocuments: {
    id: 'PortalDocuments',
    entry: 'functions/handlers/portal-documents.ts',
    description:
      'The debtor’s dispute documents page behind signed links: uploads straight to S3, checked on return',
    env: FUNCTION_ENVIRONMENT.portalDocuments,
    permissions: [
      'table:read',
      'table:write',
      'secret:read',
      'events:put',
      'sns:publish-ar',
      's3:dispute-documents',
    ],
  },
  staffConsole: {
    id: 'StaffConsole',
    entry: 'functions/handlers/staff-console.ts',
    description:
      'The collections team’s console behind Cognito: sign-in, work queues, search, the case page and staff actions',
    env: FUNCTION_ENVIRONMENT.staffConsole,
    permissions: ['table:read', 'table:write', 'secret:read', 'states:callback', 's3:read-dispute-documents'],
  },
} as const satisfies Record<keyof typeof FUNCTION_ENVIRONMENT, FunctionSpec>;

export type FunctionName = keyof typeof FUNCTIONS;

/** How often "send waiting messages" runs, in policy minutes (an EventBridge schedule in AWS; a timer locally). */
export const SEND_WAITING_MESSAGES_EVERY_MINUTES = 5;

/** The one state machine file, relative to the repository root. */
export const STATE_MACHINE_FILE = 'state-machines/collections-case.asl.json';
