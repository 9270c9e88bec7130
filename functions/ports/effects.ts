import type { CaseEventDetail, CaseEventType } from '../contract/case-events.ts';
import type { ArTeamNotice } from '../domain/ar-team.ts';
import type { CaseRecord } from '../domain/case.ts';
import type { ContactPurpose, PersonReason } from '../domain/contact-rules.ts';
import type { EmailContext, EmailKind, RenderedEmail } from '../domain/emails.ts';
import type { Reply } from '../domain/journey.ts';
import type { OpenedCase } from '../domain/schedule.ts';
import type { RenderedText } from '../domain/texts.ts';

/**
 * The ports for what a use case sets in motion outside the table: the case's events on the bus,
 * the workflow, the AR team, and the debtor's email (through the one send gate). Adapters live in
 * functions/adapters/{eventbridge,sfn,sns} and functions/shared/case-mail.ts (the gate itself).
 */

/** The case's events, each checked against its published schema before it goes. */
export interface CaseEvents {
  publish<T extends CaseEventType>(detailType: T, detail: CaseEventDetail<T>): Promise<void>;
}

/** The case's workflow (one execution per case) and the task tokens its waiting states hold. */
export interface Workflow {
  /**
   * Starts the case's workflow at its friendly reminder, with the opening as its input; starting it
   * again is harmless. Resolves the execution ARN.
   */
  start(executionName: string, opening: OpenedCase): Promise<string>;
  /** The ARN the case's execution has (or will have, once started): it is named after the case. */
  executionArnOf(executionName: string): string;
  /** Tells the waiting state what happened: false when it had already moved on. */
  answer(taskToken: string, reply: Reply): Promise<boolean>;
}

/** SES: sends one rendered email to one address through the stack's configuration set; resolves its message id. */
export interface Mailer {
  send(to: string, email: RenderedEmail): Promise<string>;
}

/**
 * AWS End User Messaging SMS: sends one text to one number from the stack's origination identity
 * through its configuration set; resolves the service's message id (issue 16).
 */
export interface Texter {
  send(to: string, body: string): Promise<string>;
}

/** The AR team's topic. */
export interface ArTeam {
  tell(notice: ArTeamNotice): Promise<string>;
}

/**
 * What the send gate decided. 'sent' means recorded for sending: deliverEmail hands it to SES a
 * moment later (the message's state is 'pending' until then).
 */
export type SendOutcome =
  | { outcome: 'sent' | 'already-sent' }
  /** `person`: withheld because only a person can go on (no hours known to be safe, an undeliverable address). */
  | { outcome: 'withheld'; person?: PersonReason }
  /** `until` is a real instant: when the message may go. */
  | { outcome: 'deferred'; until: Date };

/** One email to the case's debtor, as a use case asks for it. */
export type CaseEmailRequest = {
  record: CaseRecord;
  kind: EmailKind;
  /** Unique per message within the case, e.g. the rung. */
  messageKey: string;
  now: Date;
  agencyReferralDate?: string;
  /** What this kind of email needs besides the case (see REQUIRED_FIELDS in domain/emails.ts). */
  extra?: Partial<EmailContext>;
  /** What the message is for; the kind's own purpose unless given (a reminder rung is always collection). */
  purpose?: ContactPurpose;
  /**
   * Put a message that has to wait in the outbox, sent later by "send waiting messages" (the
   * default). The reminders say false: the state machine itself waits and asks again.
   */
  outbox?: boolean;
};

/** The one gate every email to a debtor passes (functions/shared/case-mail.ts). */
export interface CaseMail {
  send(email: CaseEmailRequest): Promise<SendOutcome>;
  /** The debtor's account page behind a signed, expiring link to this case only. */
  accountUrl(record: CaseRecord, now: Date): Promise<string>;
}

/**
 * A text to the case's debtor in a person's words (issue 16: a staff reply to the debtor's text), as
 * a use case asks the one send gate for it: the gate decides now, on the case and the debtor's
 * ledger as stored, and either records it for deliverText or refuses it, changing nothing.
 */
export type CaseTextRequest = {
  record: CaseRecord;
  /** Unique per message within the case; the text's marker is its `textKey`. */
  messageKey: string;
  /** The text as it goes (rendered and counted by the domain). */
  text: RenderedText;
  /** What the message is for (a reply answers the debtor: no demand). */
  purpose: ContactPurpose;
  /** The TextSent entry's data besides its purpose, segments and encoding (who wrote it, its kind). */
  data: Record<string, unknown>;
  now: Date;
};

/** What the gate made of a text: recorded for sending, or refused now (nothing was written). */
export type TextSendOutcome =
  | { outcome: 'sent' | 'already-sent' }
  /** No consent to texts (no number, never given, or a STOP since). */
  | { outcome: 'no-consent' }
  /** The contact rules refuse it now: `until` (a real instant) when it could go, if it could. */
  | { outcome: 'refused'; reason: string; until?: Date };

/** The one gate a text in a person's words passes (functions/shared/case-mail.ts `gateText`). */
export interface CaseTexts {
  send(request: CaseTextRequest): Promise<TextSendOutcome>;
}
