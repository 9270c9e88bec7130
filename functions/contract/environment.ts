import { AgenciesSchema } from './agencies.ts';
import * as z from './zod.ts';

/**
 * Every environment variable a function reads, declared once: its check here, and which function
 * reads it below. The stack (lib/functions.ts, lib/constructs/collections-function.ts) sets exactly
 * a function's variables; the local runtime (local/runtime/environment.ts) gives each a local value
 * (typed by `EnvName`, so a new variable without one does not compile); a handler loads its own with
 * `loadFunctionConfig` (functions/shared/config.ts), which checks them at cold start.
 */
const nonEmpty = () => z.string().check(z.minLength(1));
const arn = () => z.string().check(z.startsWith('arn:'));
/** An ISO instant (CLOCK_ORIGIN, CLOCK_ORIGIN_POLICY: see functions/domain/policy-clock.ts). */
const instant = () => z.iso.datetime({ offset: true });

/** Who is writing (functions/domain/creditor.ts), as JSON: the stack writes it from its context. */
const creditor = () =>
  z.pipe(
    z.pipe(
      z.string(),
      z.transform((text, context) => {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          context.issues.push({ code: 'custom', message: 'must be JSON', input: text });
          return z.NEVER;
        }
      }),
    ),
    z.object({
      name: nonEmpty(),
      email: z.email(),
      phone: nonEmpty(),
      supportHours: nonEmpty(),
      supportHoursEs: z.optional(nonEmpty()),
      remittance: z.optional(nonEmpty()),
    }),
  );

export const ENVIRONMENT = {
  TABLE_NAME: nonEmpty(),
  STATE_MACHINE_ARN: arn(),
  EVENT_BUS_NAME: nonEmpty(),
  SENDER_ADDRESS: z.email(),
  /** The SES configuration set every email is sent with (its events come back through EmailEventsIntake). */
  SES_CONFIGURATION_SET: nonEmpty(),
  PORTAL_BASE_URL: z.url(),
  LINK_SECRET_ARN: arn(),
  /** How many real seconds a policy day lasts (86400 in AWS; fractions allowed, for tests). */
  DAY_SECONDS: z.coerce.number().check(z.positive()),
  /** The policy clock's origin (functions/domain/policy-clock.ts): real, and what the policy clock reads then. */
  CLOCK_ORIGIN: instant(),
  CLOCK_ORIGIN_POLICY: instant(),
  /**
   * How long a message the send gate recorded is left to the table's stream (and its retries) before
   * the delivery functions' scheduled sweep sends it, in real seconds: DELIVERY_SWEEP_AFTER_SECONDS in
   * AWS; the local runtime shrinks it with its retries (its stream retries in a fraction of a second).
   */
  DELIVERY_SWEEP_AFTER_SECONDS: z.coerce.number().check(z.gte(0)),
  INVOICE_OVERDUE_DLQ_URL: z.url(),
  PAYMENT_RECEIVED_DLQ_URL: z.url(),
  CASE_UPDATE_DLQ_URL: z.url(),
  INVOICE_DUE_SOON_DLQ_URL: z.url(),
  /** EmailEventsIntake's dead-letter queue: where an SES event that fails its schema is parked. */
  EMAIL_EVENTS_DLQ_URL: z.url(),
  AR_TEAM_TOPIC_ARN: arn(),
  DOCUMENT_BUCKET_NAME: nonEmpty(),
  /**
   * The staff user pool's token issuer (`https://cognito-idp.<region>.amazonaws.com/<poolId>`; locally
   * cognito-local's `http://127.0.0.1:<port>/<poolId>`): ID tokens are checked against its JWKS.
   */
  STAFF_TOKEN_ISSUER: z.url(),
  /** The staff console's app client (the ID token's audience, and InitiateAuth's ClientId). */
  STAFF_CLIENT_ID: nonEmpty(),
  /** Who is writing: name, contact email, phone, support hours and (businesses) remittance details. */
  CREDITOR: creditor(),
  /**
   * The texts' origination identity in AWS End User Messaging SMS (issue 16): the ARN of a phone
   * number, a pool or a sender ID (lib/stack-config.ts `smsOriginationIdentity`).
   */
  SMS_ORIGINATION_IDENTITY: nonEmpty(),
  /** The SMS configuration set every text is sent with (its events go where the set says). */
  SMS_CONFIGURATION_SET: nonEmpty(),
  /**
   * The collection agencies (issue 14), as JSON (contract/agency.ts `AgenciesSchema`): which cases each
   * takes, its term, what the debtor is shown, the secret its reports are signed with. `[]`: none.
   */
  AGENCIES: z.pipe(
    z.pipe(
      nonEmpty(),
      z.transform((text: string) => JSON.parse(text) as unknown),
    ),
    AgenciesSchema,
  ),
} as const;

export type EnvName = keyof typeof ENVIRONMENT;

/** DELIVERY_SWEEP_AFTER_SECONDS in AWS: the stream's retries (Lambda's backoff) are over well within it. */
export const DELIVERY_SWEEP_AFTER_SECONDS = 30;

/**
 * What every function that writes to the debtor reads: the send gate, the links, the policy clock.
 * The sender and the configuration set are deliverEmail's alone (the one function that calls SES).
 */
export const MAILING_ENV = [
  'TABLE_NAME',
  'EVENT_BUS_NAME',
  'PORTAL_BASE_URL',
  'LINK_SECRET_ARN',
  // The contact rules judge hours and days on the policy clock.
  'DAY_SECONDS',
  'CLOCK_ORIGIN',
  'CLOCK_ORIGIN_POLICY',
  // Who is writing, in every email.
  'CREDITOR',
] as const satisfies readonly EnvName[];

/** The variables each function reads, by the function's name in lib/functions.ts. */
export const FUNCTION_ENVIRONMENT = {
  receiveOverdueInvoice: [
    'TABLE_NAME',
    'STATE_MACHINE_ARN',
    'INVOICE_OVERDUE_DLQ_URL',
    // Opening a case (issue 15: no longer the workflow's first state): CaseOpened, and the timetable.
    'EVENT_BUS_NAME',
    'DAY_SECONDS',
    'CLOCK_ORIGIN',
    'CLOCK_ORIGIN_POLICY',
  ],
  // A partial payment's thanks goes through the outbox: the mail carrier sends it.
  receivePayment: ['TABLE_NAME', 'PAYMENT_RECEIVED_DLQ_URL'],
  receiveCaseUpdate: ['TABLE_NAME', 'DAY_SECONDS', 'CASE_UPDATE_DLQ_URL'],
  // Issue 16: stores the note before the due date, due on the policy clock (the mail carrier sends it).
  receiveDueSoonInvoice: [
    'TABLE_NAME',
    'DAY_SECONDS',
    'CLOCK_ORIGIN',
    'CLOCK_ORIGIN_POLICY',
    'INVOICE_DUE_SOON_DLQ_URL',
  ],
  // It asks the contact rules for the moment the friendly reminder is due.
  sendReminder: MAILING_ENV,
  checkContact: ['TABLE_NAME', 'DAY_SECONDS', 'CLOCK_ORIGIN', 'CLOCK_ORIGIN_POLICY'],
  // The outbox's two carriers: emails through the send gate, and follow-ups to the bus and the AR team.
  sendWaitingMessages: MAILING_ENV,
  // STATE_MACHINE_ARN: a case's workflow starts when its friendly reminder is due (issue 15).
  carryOutFollowUps: ['TABLE_NAME', 'EVENT_BUS_NAME', 'AR_TEAM_TOPIC_ARN', 'STATE_MACHINE_ARN'],
  // The one function that talks to SES: each message the gate recorded, from the table's stream.
  deliverEmail: ['TABLE_NAME', 'SENDER_ADDRESS', 'SES_CONFIGURATION_SET', 'DELIVERY_SWEEP_AFTER_SECONDS'],
  // The business metrics, from what the table records (its stream); it reads a case for its segment.
  recordMetrics: ['TABLE_NAME'],
  referToAgency: [...MAILING_ENV, 'AGENCIES'],
  // The agencies' signed reports (POST /agency/{agencyId}/reports): each agency's secret, the workflow's clock.
  receiveAgencyReport: ['TABLE_NAME', 'AGENCIES', 'DAY_SECONDS'],
  closeCase: MAILING_ENV,
  holdCase: ['TABLE_NAME'],
  endPause: MAILING_ENV,
  // DAY_SECONDS: how long the workflow then waits for a person (domain/queues.ts PERSON_WAIT_DAYS).
  handToPerson: ['TABLE_NAME', 'EVENT_BUS_NAME', 'DAY_SECONDS'],
  // Before the final notice it asks the contact rules too (the step after the check).
  checkHardship: ['TABLE_NAME', 'EVENT_BUS_NAME', 'DAY_SECONDS', 'CLOCK_ORIGIN', 'CLOCK_ORIGIN_POLICY'],
  handOverForHardship: MAILING_ENV,
  receiveEmailEvents: ['TABLE_NAME', 'EMAIL_EVENTS_DLQ_URL'],
  // The one function that sends texts (issue 16): each text the gate recorded, from the table's stream.
  deliverText: [
    'TABLE_NAME',
    'SMS_ORIGINATION_IDENTITY',
    'SMS_CONFIGURATION_SET',
    'DELIVERY_SWEEP_AFTER_SECONDS',
  ],
  // The debtor's texts to us, from the two-way channel's SNS topic; HELP's answer carries the signed link.
  receiveTextReplies: ['TABLE_NAME', 'PORTAL_BASE_URL', 'LINK_SECRET_ARN', 'CREDITOR'],
  // The portal, one function per kind of request (contract/routes.ts): pages read, forms act, documents hold the bucket.
  // AGENCIES: a placed case's page names the agency and how to reach it (issue 14).
  portalPages: ['TABLE_NAME', 'LINK_SECRET_ARN', 'CREDITOR', 'AGENCIES'],
  // What an action or a document sets in motion (emails, events, notices) goes through the outbox.
  portalActions: ['TABLE_NAME', 'LINK_SECRET_ARN', 'DAY_SECONDS', 'CREDITOR'],
  portalDocuments: ['TABLE_NAME', 'PORTAL_BASE_URL', 'LINK_SECRET_ARN', 'DOCUMENT_BUCKET_NAME', 'CREDITOR'],
  // Issue 16: the statement of account as a PDF (reads the case and its timeline).
  portalStatement: ['TABLE_NAME', 'LINK_SECRET_ARN', 'CREDITOR'],
  // Issue 16: a debtor's opt-out of every email from a note before a due date (a signed debtor link).
  debtorEmails: ['TABLE_NAME', 'LINK_SECRET_ARN', 'CREDITOR'],
  // The staff console (issue 12): sign-in, queues, search, the case page and the staff's actions.
  staffConsole: [
    'TABLE_NAME',
    'LINK_SECRET_ARN',
    'DOCUMENT_BUCKET_NAME',
    'DAY_SECONDS',
    'STAFF_TOKEN_ISSUER',
    'STAFF_CLIENT_ID',
  ],
  // The Outcomes page's counters, from what the table records (its stream): per day and segment.
  recordOutcomes: ['TABLE_NAME'],
  // The staff's Outcomes page and its CSV (issue 12): a session like the console's, read only.
  staffOutcomes: ['TABLE_NAME', 'LINK_SECRET_ARN', 'STAFF_TOKEN_ISSUER', 'STAFF_CLIENT_ID'],
  // A promise or a plan agreed on the phone, through the portal's use case and the mail gate.
  staffCommitments: ['TABLE_NAME', 'LINK_SECRET_ARN', 'DAY_SECONDS', 'STAFF_TOKEN_ISSUER', 'STAFF_CLIENT_ID'],
  // A reply to the debtor by text (issue 16), through the one send gate: its clock, and who is writing.
  staffTexts: [
    'TABLE_NAME',
    'LINK_SECRET_ARN',
    'DAY_SECONDS',
    'CLOCK_ORIGIN',
    'CLOCK_ORIGIN_POLICY',
    'CREDITOR',
    'STAFF_TOKEN_ISSUER',
    'STAFF_CLIENT_ID',
  ],
} as const satisfies Record<string, readonly EnvName[]>;

export type FunctionName = keyof typeof FUNCTION_ENVIRONMENT;

/** A function's configuration: each of its variables, parsed. */
export type FunctionConfig<N extends FunctionName> = {
  [K in (typeof FUNCTION_ENVIRONMENT)[N][number]]: z.output<(typeof ENVIRONMENT)[K]>;
};
