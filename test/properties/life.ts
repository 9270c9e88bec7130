import fc from 'fast-check';

/**
 * One random life of a case, as data: who the debtor is, what they owe, and what happens when, at
 * policy-day offsets from the start. The runner (play.ts) turns it into real events, clicks and
 * payments; nothing here knows about AWS.
 */
export const SEGMENTS = ['consumer', 'small-business', 'enterprise'] as const;
export const LOCALES = ['en-GB', 'en-US', 'es-ES', 'es-MX', 'es'] as const;
/** DST in both hemispheres, no DST, half- and quarter-hour offsets. */
export const TIME_ZONES = [
  'Europe/London',
  'Europe/Madrid',
  'America/New_York',
  'America/Mexico_City',
  'America/Santiago',
  'Australia/Sydney',
  'Pacific/Auckland',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Australia/Adelaide',
  'Asia/Tokyo',
  'UTC',
] as const;
/** Instants near daylight-saving changes, for the policy clock's origin (invariant 1, at merge). */
export const DST_EDGES = [
  '2026-03-29T00:30:00Z', // Europe springs forward
  '2026-10-25T00:30:00Z', // Europe falls back
  '2026-03-08T06:30:00Z', // US springs forward
  '2026-04-04T15:30:00Z', // Sydney falls back
  '2026-09-26T13:30:00Z', // Auckland springs forward
] as const;

export const PORTAL_ACTIONS = [
  'promise',
  'plan',
  'hardship',
  'dispute',
  'callback',
  'stop-emails',
  // Issue 16: the debtor sets the pace.
  'snooze',
  'fewer-reminders',
] as const;
export type PortalAction = (typeof PORTAL_ACTIONS)[number];

/** What a member of staff does to the case at a random moment (issue 12), through the use case. */
export const STAFF_STEPS = [
  'note',
  'call-reached',
  'call-missed',
  'resume',
  'write-off',
  'refer',
  'dispute-upheld',
  'dispute-rejected',
  'dispute-part',
  // A promise or a plan agreed on the phone (issue 12): the portal's use case, recorded by an agent.
  'phone-promise',
  'phone-plan',
  /** A supervisor recalls the case from its agency (issue 14). */
  'recall',
  /** An agent marks the debtor's texts handled (issue 12), or answers them by text through the gate (issue 16). */
  'message-handled',
  'text-reply',
] as const;
export type StaffStep = (typeof STAFF_STEPS)[number];

export type Step = { at: number } & (
  | { kind: 'invoice'; invoice: number }
  | { kind: 'pay'; amount: 'full' | 'partial' | 'small'; duplicate: boolean }
  | { kind: 'settle' }
  | {
      kind: 'portal';
      action: PortalAction;
      /** A second action submitted at the same moment (a double click, two tabs). */
      alongside?: PortalAction;
      /** The link from the account's first case (after it closed, a click on an old email). */
      stale: boolean;
      /** Picks among the form's choices (promise days ahead, plan schedule, reasons). */
      choice: number;
    }
  | { kind: 'dispute-resolved'; outcome: 'upheld' | 'rejected' }
  | { kind: 'legal-pause'; days?: number }
  | { kind: 'legal-resume' }
  | { kind: 'cancel-invoice'; invoice: number }
  /**
   * SES tells of the account's latest email (if one went): a permanent bounce, a bounce off the
   * suppression list, or the debtor's complaint.
   */
  | { kind: 'ses'; outcome: 'bounce' | 'suppressed' | 'complaint' }
  /** A member of staff acts on the account's current case (issue 12). */
  | { kind: 'staff'; action: StaffStep }
  /** The debtor texts our number (issue 16): STOP (in either language), HELP, or a message. */
  | { kind: 'text-reply'; body: TextReply }
  /** The local agency reports on the account's placed case (issue 14); refused when none is placed. */
  | { kind: 'agency'; report: AgencyStep }
  /**
   * Nothing more happens: the life waits, up to `days` policy days from its start, for the ladder to
   * end on its own (issue 11): an automatic referral to the agency, or a person when a sign of
   * hardship holds. Always a life's last step.
   */
  | { kind: 'await-ladder'; days: number }
  /**
   * Billing says one of the account's invoices falls due soon (issue 16), some policy days ahead, once
   * or twice (a retry): the first invoice is in the case already, a later one until its 'invoice' step.
   */
  | { kind: 'due-soon'; invoice: number; daysAhead: number; repeat: boolean }
);

/**
 * How long a life that waits for its ladder's end may take, in policy days: the consumer and
 * small-business ladders reach the agency in 38 to 40 days, plus the contact windows' waits (the
 * enterprise ladder takes longer and asks for approval: its lives stop on the way).
 */
export const LADDER_DAYS = 48;
/** One life in this many waits for its ladder's end (each makes its batch last LADDER_DAYS). */
export const AWAIT_LADDER_ONE_IN = 16;

/** What a debtor texts back (issue 16): STOP and its Spanish equivalents, HELP, a message for a person. */
export const TEXT_REPLIES = ['STOP', 'baja', 'Alto', 'HELP', 'Can I pay next week?'] as const;
export type TextReply = (typeof TEXT_REPLIES)[number];
/** The debtor's texts as billing gives them (issue 16): consent, and the channel they prefer. */
export type LifeTexts = { consent: boolean; channel: 'email' | 'sms' | 'both' };

/**
 * What the agency reports at a random moment (issue 14). `returned-then-refer` (agency2): the agency
 * returns the case, and once a person has it a supervisor refers it again (placed a second time
 * where nothing blocks it; written off first where the segment's policy says so).
 */
export const AGENCY_STEPS = [
  'collected-full',
  'collected-part',
  'disputed',
  'returned',
  'closed',
  'returned-then-refer',
] as const;
export type AgencyStep = (typeof AGENCY_STEPS)[number];

export type Life = {
  /** Lives with the same debtor index share one email address (the cap is per debtor). */
  debtor: {
    index: number;
    segment: string;
    locale?: string;
    timeZone?: string;
    vulnerable?: boolean;
    /** A mobile number, with or without consent to texts (issue 16). */
    texts?: LifeTexts;
  };
  /** Minor units, GBP; the first opens the case at day 0, the others join with an 'invoice' step. */
  invoices: number[];
  steps: Step[];
  /** Where the policy clock starts (near a DST change). */
  policyOrigin: string;
};

const day = (maxDays: number) => fc.double({ min: 0, max: maxDays, noNaN: true });

const stepArb = (maxDays: number, invoices: number): fc.Arbitrary<Step> =>
  fc
    .oneof(
      {
        // A later invoice joins (or, once the case closed, opens the account's next case).
        weight: invoices > 1 ? 2 : 0,
        arbitrary: fc.record({
          at: day(maxDays),
          kind: fc.constant('invoice' as const),
          invoice: fc.integer({ min: Math.min(1, invoices - 1), max: invoices - 1 }),
        }),
      },
      {
        weight: 4,
        arbitrary: fc.record({
          at: day(maxDays),
          kind: fc.constant('pay' as const),
          amount: fc.constantFrom('full' as const, 'partial' as const, 'small' as const),
          duplicate: fc.boolean(),
        }),
      },
      { weight: 1, arbitrary: fc.record({ at: day(maxDays), kind: fc.constant('settle' as const) }) },
      {
        weight: 6,
        arbitrary: fc.record(
          {
            at: day(maxDays),
            kind: fc.constant('portal' as const),
            action: fc.constantFrom(...PORTAL_ACTIONS),
            alongside: fc.constantFrom(...PORTAL_ACTIONS),
            stale: fc.boolean(),
            choice: fc.nat(40),
          },
          { requiredKeys: ['at', 'kind', 'action', 'stale', 'choice'] },
        ),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          at: day(maxDays),
          kind: fc.constant('dispute-resolved' as const),
          outcome: fc.constantFrom('upheld' as const, 'rejected' as const),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record(
          {
            at: day(maxDays),
            kind: fc.constant('legal-pause' as const),
            days: fc.integer({ min: 1, max: 20 }),
          },
          { requiredKeys: ['at', 'kind'] },
        ),
      },
      { weight: 1, arbitrary: fc.record({ at: day(maxDays), kind: fc.constant('legal-resume' as const) }) },
      {
        weight: 1,
        arbitrary: fc.record({
          at: day(maxDays),
          kind: fc.constant('ses' as const),
          outcome: fc.constantFrom('bounce' as const, 'suppressed' as const, 'complaint' as const),
        }),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          at: day(maxDays),
          kind: fc.constant('staff' as const),
          action: fc.constantFrom(...STAFF_STEPS),
        }),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          at: day(maxDays),
          kind: fc.constant('agency' as const),
          report: fc.constantFrom(...AGENCY_STEPS),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          at: day(maxDays),
          kind: fc.constant('cancel-invoice' as const),
          invoice: fc.integer({ min: 0, max: invoices - 1 }),
        }),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          at: day(maxDays),
          kind: fc.constant('text-reply' as const),
          body: fc.constantFrom(...TEXT_REPLIES),
        }),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          at: day(maxDays),
          kind: fc.constant('due-soon' as const),
          // Mostly a later invoice (its note may go before it falls overdue), sometimes the case's own.
          invoice:
            invoices > 1
              ? fc.oneof(
                  { weight: 1, arbitrary: fc.constant(0) },
                  { weight: 3, arbitrary: fc.integer({ min: 1, max: invoices - 1 }) },
                )
              : fc.constant(0),
          daysAhead: fc.integer({ min: 1, max: 10 }),
          repeat: fc.boolean(),
        }),
      },
    )
    .filter((step) => step.kind !== 'invoice' || step.invoice > 0);

/** A life whose steps all happen within `maxDays` policy days. */
export function lifeArb(options: { maxDays: number; maxSteps: number; debtors: number }): fc.Arbitrary<Life> {
  return fc
    .record({
      debtor: fc.record(
        {
          index: fc.nat(options.debtors - 1),
          segment: fc.constantFrom(...SEGMENTS),
          locale: fc.constantFrom(...LOCALES),
          timeZone: fc.constantFrom(...TIME_ZONES),
          // Billing marks some debtors as needing extra care (issue 11): never referred automatically.
          vulnerable: fc.constant(true),
          // Issue 16: a mobile number, with consent or without, and each channel preference.
          texts: fc.record({
            consent: fc.boolean(),
            channel: fc.constantFrom('email' as const, 'sms' as const, 'both' as const),
          }),
        },
        { requiredKeys: ['index', 'segment'] },
      ),
      invoices: fc.array(fc.integer({ min: 1_000, max: 90_000 }), { minLength: 1, maxLength: 3 }),
      policyOrigin: fc.constantFrom(...DST_EDGES),
    })
    .chain((base) =>
      fc
        .tuple(
          fc.array(stepArb(options.maxDays, base.invoices.length), { maxLength: options.maxSteps }),
          fc.nat(AWAIT_LADDER_ONE_IN - 1),
        )
        .map(([steps, draw]) => ({
          ...base,
          steps: [
            ...[...steps].sort((a, b) => a.at - b.at),
            ...(draw === 0
              ? [{ at: options.maxDays, kind: 'await-ladder' as const, days: LADDER_DAYS }]
              : []),
          ],
        })),
    );
}
