import { MoneySchema } from './events.ts';
import * as z from './zod.ts';

export { AgenciesSchema, type Agency, AgencySchema } from './agencies.ts';

/** An agency's id, as the stack's configuration allows it (lib/stack-config.ts) and events carry it. */
export const AgencyIdSchema = z
  .string()
  .check(z.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be lower-case letters, digits and dashes (at most 40)'));

/**
 * The id an agency's dead-letter queue goes by for operations: `Agency` and the agency's id in
 * PascalCase (`northwind-recoveries` ▸ `AgencyNorthwindRecoveries`), the stack's
 * `<id>DeadLetterQueueUrl` output and `npm run ops -- dlq list | redrive <id>`.
 */
export const agencyDeadLetterQueueId = (agencyId: string): string =>
  `Agency${agencyId
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('')}`;

/** What an agency reports back (POST /agency/{agencyId}/reports). */
export const AGENCY_REPORT_KINDS = ['collected', 'disputed', 'returned', 'closed'] as const;
export type AgencyReportKind = (typeof AGENCY_REPORT_KINDS)[number];

const instant = z.iso.datetime({ offset: true });

/**
 * The report's body, signed: `X-Agency-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`
 * with `X-Agency-Timestamp: <unix seconds>` (refused more than 5 minutes from now). `reportId` makes
 * it idempotent: the same report twice is taken once.
 */
export const AgencyReportSchema = z.strictObject({
  reportId: z
    .string()
    .check(
      z.regex(
        /^[A-Za-z0-9._-]{1,64}$/,
        'may hold only letters, digits, dot, underscore and dash (at most 64)',
      ),
    ),
  caseId: z.string().check(z.minLength(1)).check(z.maxLength(120)),
  accountId: z.string().check(z.minLength(1)).check(z.maxLength(100)),
  kind: z.enum(AGENCY_REPORT_KINDS),
  /** collected: what the agency collected (the whole balance when absent). */
  amount: z.optional(MoneySchema),
  reportedAt: instant,
});
export type AgencyReport = z.infer<typeof AgencyReportSchema>;

/** The headers a report is signed with, and how far its timestamp may be from now. */
export const AGENCY_SIGNATURE_HEADER = 'x-agency-signature';
export const AGENCY_TIMESTAMP_HEADER = 'x-agency-timestamp';
export const AGENCY_REPORT_WINDOW_SECONDS = 300;

/** What is forwarded to the agency while a case is placed (the `kind` of CaseForwardedToAgency). */
export const AGENCY_FORWARD_KINDS = [
  'payment',
  'recall',
  'opt-out',
  'legal-pause',
  /** Billing lifted the legal pause (Collection Resumed): the agency may collect again. */
  'legal-pause-ended',
  'invoice-cancelled',
  /** Billing reported another overdue invoice of the account: it joined the placed case. */
  'invoice-added',
] as const;
export type AgencyForwardKind = (typeof AGENCY_FORWARD_KINDS)[number];

/** Why a placement ends; a recall is ours, the others the agency's own report or its term. */
export const AGENCY_END_REASONS = [
  'paid-in-full',
  'credited',
  'dispute',
  'recalled-by-staff',
  'term-ended',
  'collected',
  'disputed-with-agency',
  'returned',
  'closed',
] as const;
export type AgencyEndReason = (typeof AGENCY_END_REASONS)[number];
