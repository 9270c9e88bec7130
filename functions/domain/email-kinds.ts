/**
 * The kinds of email the workflow sends: the ladder, then the journey's events. On its own so the
 * words (functions/i18n) and the contact rules can name a kind without importing the renderer.
 */
export const EMAIL_KINDS = [
  // The ladder
  'friendly',
  'firm',
  'final',
  'placed',
  'thanks',
  // Journey events
  'partialPaymentThanks',
  'promiseAck',
  'planOffer',
  'planAgreed',
  'instalmentReminder',
  'instalmentMissed',
  'planBroken',
  'hardshipAck',
  'hardshipPlanOffer',
  'hardshipReview',
  'disputeAck',
  'disputeUpheld',
  'disputeRejected',
  'callbackAck',
  'credited',
  // Issue 16: before the due date, no case (no demand)
  'dueSoon',
  // Issue 14: the agency collected everything; the account is settled (no survey, nothing asked)
  'agencySettled',
] as const;

export type EmailKind = (typeof EMAIL_KINDS)[number];
