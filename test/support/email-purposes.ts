import type { EmailKind } from '../../functions/domain/emails.ts';

/**
 * What each kind of email is for, in one place (the property lives and the contact-rule checker
 * import it). functions/domain has no such map yet; when the contact mechanism lands with its own,
 * this file should re-export that one instead.
 * - collection: asks for payment (a demand, or an offer that leads to one);
 * - acknowledgement: answers the debtor's own request; no demand; allowed during pauses;
 * - outcome: closes something (thanks, a credit, a dispute's outcome, the placement notice).
 */
export type EmailPurpose = 'collection' | 'acknowledgement' | 'outcome';

export const EMAIL_PURPOSE: Readonly<Record<EmailKind, EmailPurpose>> = {
  friendly: 'collection',
  firm: 'collection',
  final: 'collection',
  placed: 'outcome',
  thanks: 'outcome',
  // It states what is left and how to pay it: a request for payment.
  partialPaymentThanks: 'collection',
  promiseAck: 'acknowledgement',
  planOffer: 'collection',
  planAgreed: 'acknowledgement',
  instalmentReminder: 'collection',
  instalmentMissed: 'collection',
  planBroken: 'collection',
  hardshipAck: 'acknowledgement',
  hardshipPlanOffer: 'collection',
  disputeAck: 'acknowledgement',
  disputeUpheld: 'outcome',
  // The fresh notice after a rejected dispute resumes collection.
  disputeRejected: 'collection',
  callbackAck: 'acknowledgement',
  credited: 'outcome',
};

export function purposeOf(kind: string): EmailPurpose {
  const purpose = EMAIL_PURPOSE[kind as EmailKind];
  if (!purpose) throw new Error(`No purpose is known for the email kind "${kind}"`);
  return purpose;
}
