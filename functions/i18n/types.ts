import type { CallbackTime, DebtorAction, DISPUTE_REASONS } from '../domain/debtor-actions.ts';
import type { DocumentKind, DocumentsUnavailable, UploadProblem } from '../domain/documents.ts';
import type { EmailKind } from '../domain/email-kinds.ts';
import type { HardshipSign } from '../domain/hardship-signs.ts';
import type { HARDSHIP_REASONS } from '../domain/plan-journey.ts';
import type { SURVEY_SCORES } from '../domain/survey.ts';
import type { SafeHtml } from '../views/html.ts';

/**
 * The shape of a message catalogue: every word a debtor reads, in emails and on pages, for one
 * language. `en.ts` and `es.ts` each hold one `Catalogue`, so the compiler refuses a language with a
 * key missing or a key too many (and test/unit/catalogue.test.ts checks the same at run time).
 * Words that take values are functions of already formatted text; counts go through `plural`.
 */

// ---------------------------------------------------------------------------------------------
// Emails: what the words see, every value already formatted for the debtor's locale.

export type FmtPlan = {
  count: number;
  total: string;
  autopay: boolean;
  rows: { number: number; due: string; amount: string }[];
  /** Instalments whose amount differs from the rest (the remainder), to be stated. */
  uneven: { number: number; amount: string }[];
  /** The plan page with this schedule chosen (the ladder's plan offer). */
  url?: string;
};

export type Fmt = {
  name: string;
  creditor: string;
  balance: string;
  /** The balance is nothing (paid or credited in full). */
  settled: boolean;
  invoiceList: string;
  referralDate: string;
  promiseDate: string;
  brokenPromiseDate: string;
  pauseUntil: string;
  partialPayment: string;
  instalment: { number: number; due: string; amount: string; of: number | undefined; autopay: boolean };
  plan: FmtPlan;
  planOptions: FmtPlan[];
  settlement: { amount: string; until: string };
  disputeNote: string | undefined;
  callback: { phone: string | undefined; time: string | undefined };
  affordable: string | undefined;
  credited: string | undefined;
  surveyUrl: string | undefined;
};

/** A piece of a message body. A string is a paragraph. */
export type Block =
  | string
  | { note: string; title?: string }
  | { quote: string; by: string }
  | { schedule: FmtPlan; title?: string }
  | { link: string; url: string };

export type KindWords = {
  subject: (f: Fmt) => string;
  body: (f: Fmt) => Block[];
  /** The label of the main link; "See your account" when absent. */
  action?: (f: Fmt) => string;
};

export type TotalLabel = 'due' | 'info' | 'remaining';

export type EmailWords = {
  greeting: (name: string) => string;
  kinds: Record<EmailKind, KindWords>;
  brokenPromise: (date: string) => string;
  settlement: { title: string; body: (amount: string, until: string, balance: string) => string };
  options: {
    heading: string;
    /** Pay, plan, hardship, dispute, person; `inPlan` words the first two for a plan under way. */
    items: (inPlan: boolean) => string[];
    after: string;
  };
  invoiceList: (ids: string[]) => string;
  invoiceHeadings: [invoice: string, amount: string, due: string];
  totals: Record<TotalLabel, string>;
  schedule: {
    headings: [instalment: string, due: string, amount: string];
    total: string;
    uneven: (items: { number: number; amount: string }[]) => string;
  };
  accountLink: string;
  /** Business segments, written to as an accounts-payable team expects. */
  business: {
    /** The purchase-order column and its label beside an invoice number. */
    orderHeading: string;
    /** How to remit (the creditor's details), quoting the invoice numbers. */
    remittance: (details: string, invoiceIds: string[]) => string;
    /** Without remittance details: quote the invoice numbers with the payment. */
    quote: (invoiceIds: string[]) => string;
  };
  footer: {
    who: (creditor: string) => string;
    /** How to reach a person at the creditor: email, phone and when someone answers. */
    contact: (creditor: { email: string; phone: string; supportHours: string }) => string;
    /** "…you can " + link "stop them here" + "." */
    optOut: { before: string; link: string };
    /** When no opt-out link is given: reply "stop". */
    replyStop: string;
  };
};

// ---------------------------------------------------------------------------------------------
// The portal

export type LayoutWords = {
  skip: string;
  nav: string;
  account: string;
  history: string;
  /** The other language's name, in that language. */
  switchTo: string;
  errorPrefix: string;
  from: (creditor: string) => string;
  /** How to reach a person at the creditor. */
  contact: (contact: { email: string; phone: string; supportHours: string }) => string;
  private: string;
  /** The heading of a form's error summary. */
  problem: string;
};

export type AccountWords = {
  title: string;
  greeting: (name: string) => string;
  why: (creditor: string, invoices: string[]) => string;
  owed: string;
  balance: string;
  invoices: string;
  invoice: string;
  amount: string;
  due: string;
  document: string;
  viewInvoice: (id: string) => string;
  pay: string;
  payNote: string;
  noPayLink: (creditor: string) => string;
  options: string;
  help: string;
  historyTitle: string;
  historyIntro: (zone: string) => string;
  historyEmpty: string;
  notFoundTitle: string;
  notFound: string;
  homeTitle: string;
  home: string;
  /** The statement of account (issue 16): the printable page and its PDF. */
  statement: StatementWords;
};

export type StatementWords = {
  /** The account page's link to it. */
  link: string;
  title: string;
  intro: (creditor: string) => string;
  printHint: string;
  pdf: string;
  date: string;
  description: string;
  amount: string;
  balance: string;
  invoice: (id?: string, due?: string) => string;
  payment: (reference?: string) => string;
  credit: Record<
    'invoice-cancelled' | 'dispute' | 'settlement' | 'written-off',
    (reference?: string) => string
  >;
  invoiced: string;
  paid: string;
  credited: string;
  owedNow: string;
  empty: string;
  /** The PDF's footer: when it was made, on the debtor's calendar. */
  made: (date: string) => string;
  /** The PDF's file name, without `.pdf`. */
  fileName: string;
};

/** Where the case stands, in one sentence (the account page leads with it). */
export type StatusWords = {
  paid: string;
  credited: string;
  placed: string;
  /** The account page of a placed case (issue 14): which agency handles it and how to reach them. */
  agency: {
    heading: string;
    handledBy: (name: string) => string;
    phone: string;
    email: string;
    website: string;
    stillHere: string;
  };
  heldForPerson: string;
  optedOut: string;
  legalPause: (until?: string) => string;
  dispute: string;
  planOnTrack: (amount: string, date: string) => string;
  planBehind: (amount: string, date: string) => string;
  promise: (promised: string, until: string) => string;
  hardship: (until: string) => string;
  callback: (until: string) => string;
  planOffer: (until: string) => string;
  paused: (until: string) => string;
  open: string;
  /** Snooze to payday (issue 16): the date the debtor asked to be reminded on. */
  snooze: (remindOn: string) => string;
};

/** The case's timeline as the debtor reads it. */
export type HistoryWords = {
  emailKinds: Record<EmailKind, string>;
  /** A message that went, and, once SES said so, whether it reached the debtor's mailbox. */
  emailSent: (kind: string, subject?: string, delivery?: 'delivered' | 'undelivered') => string;
  withheld: (kind: string, why: string) => string;
  withheldBecause: { optedOut: string; legalPause: string; undeliverable: string; other: string };
  /** SES could not deliver an email to the debtor's address, for good. */
  emailBounced: string;
  /** SES could not deliver an email yet and keeps trying. */
  emailDelayed: string;
  /** The debtor marked an email as spam: we stopped emailing. */
  emailComplaint: string;
  /** A message held back by the contact rules, and when it may go. */
  deferred: (kind: string, until: string | undefined, why: 'hours' | 'cap' | 'other') => string;
  documentAdded: (name?: string) => string;
  caseOpened: (invoice: string, amount?: string) => string;
  invoiceAdded: (invoice: string, amount?: string) => string;
  promise: (date?: string) => string;
  dispute: string;
  disputeUpheld: string;
  disputeRejected: string;
  /** A member of staff upheld the dispute in part and credited this much (issue 12). */
  disputeUpheldInPart: (credit?: string) => string;
  /** A call the team made (issue 12): whether it reached the debtor; never its notes. */
  callLogged: (reached: boolean) => string;
  /** A member of staff took up the account and resumed the reminders (issue 12). */
  staffResumed: string;
  /** A supervisor wrote the balance off and closed the account (issue 12). */
  writtenOff: string;
  callback: (phone?: string) => string;
  emailsStopped: string;
  planAgreed: (count?: number, total?: string) => string;
  planOffered: string;
  /** A check for signs of hardship: none found, or some (in the debtor's words) and a person takes over. */
  hardshipCheck: (signs: string[] | undefined) => string;
  hardshipSigns: Record<HardshipSign, string>;
  planBroken: string;
  hardship: string;
  pauseEnded: string;
  payment: (amount: string) => string;
  paid: string;
  credited: string;
  placed: string;
  /**
   * Issue 14: the agency the account was placed with, by name, and how to reach it (the stack's
   * configuration; what the account page shows), never an internal detail of the placement.
   */
  placedWith: (agency: string, contact: { phone?: string; email?: string; website?: string }) => string;
  /** We took the account back from the agency (a recall: a dispute, a payment, a person, its term). */
  agencyRecalled: string;
  /** What the agency told us: collected part (the amount and what is left), all of it, a dispute, gave it back. */
  agencyCollected: (amount?: string, balance?: string) => string;
  agencySettled: string;
  agencyDisputed: string;
  /** The agency gave the account back; `writtenOff`: and we closed it (the closing line follows). */
  agencyReturned: (writtenOff: boolean) => string;
  person: string;
  invoiceCancelled: (invoice: string) => string;
  collectionPaused: string;
  collectionResumed: string;
  survey: (score?: number) => string;
  generic: string;
  /** Issue 16: the debtor set the pace. */
  snoozed: (remindOn?: string) => string;
  fewerReminders: string;
  /** The debtor picked the language we write to them in (`en`, `es`). */
  languageChosen: (language: string) => string;
};

/** The codes the action forms' checks answer with (see debtor-actions.ts and plan-journey.ts). */
export type ActionErrorCode =
  | 'date-format'
  | 'in-the-past'
  | 'too-far'
  | 'reason-required'
  | 'note-too-long'
  | 'confirm-required'
  | 'plan-required'
  | 'plan-unknown'
  | 'amount-required'
  | 'amount-format'
  | 'phone-required'
  | 'phone-format'
  | 'time-required'
  | 'not-after-today'
  | 'too-far-snooze';

/** Why an action cannot be taken now (see actionUnavailable in debtor-actions.ts). */
export type ActionUnavailable =
  | 'case-closed'
  | 'already-stopped'
  | 'dispute-open'
  | 'legal-pause'
  | 'plan-active'
  | 'hardship-declared'
  | 'callback-requested'
  | 'snooze-used'
  | 'already-paused'
  | 'already-gentle';

export type ActionWords = {
  back: string;
  send: Record<DebtorAction, string>;
  title: Record<DebtorAction, string>;
  intro: Record<DebtorAction, string>;
  fields: {
    date: string;
    dateHint: (latest: string) => string;
    reason: string;
    note: string;
    confirm: string;
    phone: string;
    phoneHint: string;
    time: string;
    callbackNote: string;
    /** Snooze to payday (issue 16). */
    remindOn: string;
    remindOnHint: (latest: string) => string;
    /** Fewer reminders (issue 16). */
    fewerConfirm: string;
  };
  reasons: Record<(typeof DISPUTE_REASONS)[number], string>;
  /** The choices on the callback form; the acknowledgement email repeats the chosen one. */
  times: Record<CallbackTime, string>;
  errors: Record<ActionErrorCode, string>;
  unavailable: Record<ActionUnavailable, string>;
  done: {
    promise: (date: string, until: string) => string;
    plan: string;
    hardship: (until: string) => string;
    dispute: string;
    callback: (phone: string, time: string, until?: string) => string;
    'stop-emails': string;
    snooze: (remindOn: string) => string;
    'fewer-reminders': (until?: string) => string;
  };
  /** The confirmation read again once the case has moved on (the pause it set is over or replaced). */
  doneMovedOn: string;
  doneTitle: string;
  /** After every confirmation: where the debtor can see it from now on, with the link to History. */
  inHistory: (link: SafeHtml) => SafeHtml;
  /** The words of that link. */
  historyLink: string;
  /**
   * Language kept (issue 16): on a page switched to this language, the offer to write to the debtor
   * in it from now on (every later email and page), in this language's own words.
   */
  keepLanguage: { text: string; button: string };
};

export type PlanErrorCode =
  | 'plan-required'
  | 'plan-unknown'
  | 'reason-required'
  | 'amount-required'
  | 'amount-format'
  | 'note-too-long';

/** The plan and hardship forms. */
export type PlanWords = {
  planTitle: string;
  planIntro: string;
  planLegend: string;
  option: (count: number, amount: string, first: string) => string;
  date: string;
  amount: string;
  total: string;
  remainder: (n: number) => string;
  sized: string;
  noPlans: string;
  accept: string;
  hardshipTitle: string;
  hardshipIntro: string;
  reasonLegend: string;
  reasons: Record<(typeof HARDSHIP_REASONS)[number], string>;
  affordable: (currency: string) => string;
  affordableHint: string;
  note: string;
  send: string;
  errors: Record<PlanErrorCode, string>;
};

export type SurveyWords = {
  title: string;
  balance: string;
  question: string;
  scale: string;
  scores: Record<(typeof SURVEY_SCORES)[number], string>;
  comment: string;
  /** Under the comment box: how long it may be. */
  commentHint: (max: number) => string;
  send: string;
  answered: string;
  notClosed: string;
  done: string;
  errors: { 'score-required': string; 'comment-too-long': (max: number) => string };
};

/** What can go wrong with an upload, as the documents page names it. */
export type DocumentProblem = UploadProblem | DocumentsUnavailable | 'not-found' | 'not-this-case';

/** Words that state the most documents a dispute may have (given, so the words import no domain values). */
type WithMax = (max: number) => string;

export type DocumentWords = {
  title: string;
  link: (count: number, max: number) => string;
  intro: string;
  limits: WithMax;
  yours: string;
  none: string;
  download: string;
  added: string;
  forms: Record<DocumentKind, { label: string; hint: string; send: string }>;
  kinds: Record<DocumentKind, string>;
  unavailable: { [K in DocumentsUnavailable]: K extends 'limit-reached' ? WithMax : string };
  problemTitle: string;
  problems: { [K in DocumentProblem]: K extends 'limit-reached' ? WithMax : string };
  tryAgain: string;
  back: string;
};

/** Everything a debtor reads, in one language. */
export type Catalogue = {
  email: EmailWords;
  layout: LayoutWords;
  account: AccountWords;
  status: StatusWords;
  history: HistoryWords;
  actions: ActionWords;
  plans: PlanWords;
  survey: SurveyWords;
  documents: DocumentWords;
};

/**
 * What the AR team reads in its SNS notices. The team works in English, so there is one language
 * only; it lives in en.ts beside the debtor's words.
 */
export type ArTeamWords = {
  facts: {
    case: string;
    account: string;
    debtor: string;
    language: string;
    timeZone: string;
    balance: string;
    invoices: string;
    rung: string;
  };
  invoice: (id: string, amount: string, due: string) => string;
  dispute: {
    subject: (caseId: string) => string;
    opening: (caseId: string) => string;
    facts: { dispute: string; reason: string; openedAt: string };
    note: (note: string) => string;
    answer: (accountId: string, reviewBy: string) => string;
  };
  callback: {
    subject: (caseId: string) => string;
    opening: (caseId: string) => string;
    facts: { phone: string; preferredTime: string; pausedUntil: string; requestedAt: string };
    preferredTime: (time: string) => string;
    note: (note: string) => string;
  };
  document: {
    subject: (caseId: string) => string;
    opening: (caseId: string, count: number) => string;
    facts: { bucket: string; key: string; type: string; size: string; addedAt: string };
    size: (bytes: number) => string;
    checked: string;
  };
};

// ---------------------------------------------------------------------------------------------
// Text messages (issue 16): short, plain, each saying who is writing; values already formatted.

export type TextWords = {
  /** A message that asks for payment: the balance and the link. */
  collection: (creditor: string, balance: string, url: string) => string;
  /** An answer to the debtor's own request (a promise, a plan, a dispute): no demand. */
  acknowledgement: (creditor: string, url: string) => string;
  /** The case's end or a decision on it. */
  outcome: (creditor: string, url: string) => string;
  /** The confirmation before the first text: what they agreed to and how to stop. */
  welcome: (creditor: string) => string;
  /** The one answer to a STOP. */
  stopped: (creditor: string) => string;
  /** The answer to HELP: who is writing, and how to reach a person. */
  help: (creditor: string, url: string) => string;
  /** A person's own words in answer to the debtor's text (issue 16): who is writing, then the words. */
  fromPerson: (creditor: string, message: string) => string;
  /** Ends every text that is not an answer to STOP. */
  optOut: string;
};

/** The debtor's History: texts sent, replies, a STOP, consent (kind: the email kind's words, if any). */
export type TextHistoryWords = {
  sent: (kind: string | undefined, segments: number | undefined) => string;
  answer: string;
  received: string;
  stopped: string;
  consentGiven: string;
  consentWithdrawn: string;
};

/** The portal's page where the debtor gives or withdraws consent and picks the channel. */
export type TextPageWords = {
  title: string;
  link: string;
  intro: string;
  phone: string;
  phoneHint: string;
  consent: string;
  channel: string;
  channels: { email: string; sms: string; both: string };
  save: string;
  saved: string;
  welcomeSent: string;
  now: { on: (phone: string) => string; off: string; stopped: string };
  errors: {
    'phone-format': string;
    'phone-required': string;
    'consent-required': string;
    'consent-format': string;
    'channel-required': string;
  };
};

/**
 * The page a debtor's opt-out link opens (issue 16: the note before a due date names the debtor, not
 * a case): what stopping means, the button, what was done, and a link that no longer works.
 */
export type EmailsStopWords = {
  title: string;
  intro: (creditor: string) => string;
  texts: string;
  submit: string;
  done: (creditor: string) => string;
  invalidTitle: string;
  invalid: string;
};
