import type { CaseStatus } from '../domain/case.ts';
import type { QueueName } from '../domain/queues.ts';
import type { CallOutcome } from '../domain/staff.ts';

/** The staff console's words (issue 12), one catalogue per language: staff-en.ts and staff-es.ts. */
export type StaffWords = {
  product: string;
  skip: string;
  nav: string;
  queuesNav: string;
  searchNav: string;
  outcomesNav: string;
  signOut: string;
  switchTo: string;
  signedInAs: (email: string, role: string) => string;
  roles: { agent: string; supervisor: string; viewer: string };
  signIn: {
    title: string;
    email: string;
    password: string;
    code: string;
    codeHint: string;
    setupTitle: string;
    setupIntro: string;
    setupSecret: string;
    setupUri: string;
    submit: string;
    refused: string;
    missing: string;
    expired: string;
  };
  queues: {
    title: string;
    names: Record<QueueName, string>;
    count: (count: number) => string;
    empty: string;
    since: string;
    case: string;
    debtor: string;
    balance: string;
    reason: string;
    phone: string;
    preferredTime: string;
  };
  search: {
    title: string;
    label: string;
    hint: string;
    submit: string;
    none: (q: string) => string;
    invalid: string;
  };
  casePage: {
    title: (caseId: string) => string;
    balance: string;
    state: string;
    states: Record<CaseStatus, string>;
    paused: (reason: string, until: string) => string;
    disputeOpen: (reason: string) => string;
    callback: (phone: string, time: string) => string;
    invoices: string;
    invoice: string;
    due: string;
    amount: string;
    timeline: string;
    internal: string;
    documents: string;
    noDocuments: string;
    execution: string;
    /** Before the friendly reminder (issue 15: the workflow starts then): why the console has no execution yet. */
    executionNotStarted: string;
    notFound: string;
  };
  actions: {
    title: string;
    done: string;
    note: { legend: string; note: string; submit: string };
    call: {
      legend: string;
      reached: string;
      notReached: string;
      outcome: string;
      outcomes: Record<CallOutcome, string>;
      note: string;
      submit: string;
    };
    dispute: {
      legend: string;
      outcome: string;
      upheld: string;
      upheldInPart: string;
      rejected: string;
      creditAmount: string;
      creditHint: (currency: string) => string;
      note: string;
      noteHint: string;
      submit: string;
    };
    resume: { legend: string; hint: string; note: string; submit: string };
    writeOff: { legend: string; hint: string; note: string; submit: string };
    refer: { legend: string; hint: string; note: string; submit: string };
    declineReferral: { legend: string; hint: string; note: string; submit: string };
    recall: { legend: string; hint: string; note: string; submit: string };
    pause: { legend: string; until: string; hint: string; note: string; submit: string };
    details: {
      legend: string;
      hint: string;
      email: string;
      locale: string;
      localeHint: string;
      timeZone: string;
      timeZoneHint: (example: string) => string;
      submit: string;
    };
    /** Texts from the debtor (issue 16): read them, mark them handled, answer by text. */
    messages: {
      title: string;
      received: string;
      noConsent: string;
      handled: { legend: string; hint: string; note: string; submit: string };
      reply: { legend: string; hint: string; message: string; submit: string };
    };
    errors: {
      summary: string;
      required: string;
      amount: string;
      email: string;
      locale: string;
      timeZone: string;
      date: string;
      tooLong: string;
      /** A referral a blocker stops, in the words the domain gives the blockers. */
      blocked: (blockers: string) => string;
      notApplicable: string;
      /** A reply longer than a text may be. */
      textTooLong: (maxParts: number) => string;
      /** A reply to a debtor who has not agreed to texts, or texted STOP since. */
      noConsent: string;
      /** A reply the contact rules refuse now; `when`, the moment it could go, if it could. */
      textRefused: (when: string | undefined) => string;
    };
  };
  /** What each timeline entry is, by its type (an unknown type shows as `otherEntry` and its type). */
  timelineTypes: Readonly<Record<string, string>>;
  otherEntry: string;
  forbidden: { title: string; body: string };
  notFound: { title: string; body: string };
};
