import { MoneySchema } from './events.ts';
import * as z from './zod.ts';

/**
 * The collection agencies a deployment places cases with (issue 14), as the stack's configuration
 * names them (lib/stack-config.ts, validated at synth) and as the functions read them (the AGENCIES
 * variable, functions/contract/environment.ts): who they are, which cases they take, for how long,
 * how the debtor reaches them, and the secret their reports are signed with.
 */
export const AgencyIdSchema = z
  .string()
  .check(z.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be lower-case letters, digits and dashes (at most 40)'));

export const AgencySchema = z.object({
  agencyId: AgencyIdSchema,
  name: z.string().check(z.minLength(1)).check(z.maxLength(100)),
  /** The policy segments (consumer, small-business, enterprise) the agency takes. */
  segments: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
  /** The currencies (ISO 4217) the agency collects in. */
  currencies: z.array(z.string().check(z.regex(/^[A-Z]{3}$/))).check(z.minLength(1)),
  /** How long the agency works a case before it comes back to a person, in policy days. */
  termDays: z.number().check(z.int()).check(z.gte(1)).check(z.lte(730)),
  /** What the debtor is shown on the portal once the case is placed. */
  contact: z.object({
    phone: z.optional(z.string().check(z.minLength(3)).check(z.maxLength(40))),
    email: z.optional(z.email()),
    website: z.optional(z.url()),
  }),
  /** The Secrets Manager secret the agency signs its reports with (HMAC-SHA256). */
  reportSecretArn: z.string().check(z.startsWith('arn:')),
});
export type Agency = z.infer<typeof AgencySchema>;
export const AgenciesSchema = z.array(AgencySchema);

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
  'invoice-cancelled',
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
