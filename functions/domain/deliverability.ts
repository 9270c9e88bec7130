import type { SesEventDetail } from '../contract/ses-events.ts';
import type { CaseRecord } from './case.ts';
import type { Reply } from './journey.ts';

/**
 * What became of an email after SES took it (issue 13, "Deliverability"), pure: each SES event
 * (bounce, complaint, reject, delivery, delivery delay) as the one thing it means for the case.
 *
 * - `undeliverable`: no email reaches the address. A permanent bounce (the mailbox does not exist,
 *   `OnSuppressionList`: SES did not even try, the address bounced or complained before), or a
 *   reject (SES refused the message). The send gate refuses the address from then on, the case goes
 *   to a person, and the message does not count as a contact.
 * - `delayed`: a transient (or undetermined) bounce, or a delivery delay: SES keeps retrying; the
 *   timeline says so, nothing else changes.
 * - `complaint`: the debtor marked the email as spam: an opt-out, and the case to a person.
 * - `delivered`: the receiving server took the message.
 */
export type EmailOutcome =
  | { kind: 'undeliverable'; at: string; reason: UndeliverableReason; detail: string }
  | { kind: 'delayed'; at: string; detail: string }
  | { kind: 'complaint'; at: string; detail: string }
  | { kind: 'delivered'; at: string };

/** Why an address is undeliverable: SES's words for it, kept on the address's marker. */
export type UndeliverableReason = 'permanent-bounce' | 'suppression-list' | 'rejected';

/**
 * How long the lookup from SES's message id to the case's message is kept. Bounces and deliveries
 * come within minutes (SES retries a soft bounce for up to about 14 hours); complaints come from the
 * mailbox provider's feedback loop and can take days. An event for an older message is dropped.
 */
export const SENT_MESSAGE_KEEP_DAYS = 30;

/**
 * How long after a send an event about an unknown message is retried rather than dropped: SES may
 * tell of a message (a quick delivery or bounce) before the sender has finished recording that it
 * went. Within the intake queue's retries (five receives, three minutes apart).
 */
export const UNRECORDED_SEND_GRACE_MS = 10 * 60_000;

const SUPPRESSION_SUBTYPES = ['OnSuppressionList', 'OnAccountSuppressionList'];

/** The event's outcome. Its time is the event's own (the bounce's, the delivery's), not the send's. */
export function emailOutcomeOf(detail: SesEventDetail): EmailOutcome {
  switch (detail.eventType) {
    case 'Bounce': {
      const { bounceType, bounceSubType, timestamp } = detail.bounce;
      const described = `${bounceType} bounce (${bounceSubType})`;
      if (bounceType !== 'Permanent') return { kind: 'delayed', at: timestamp, detail: described };
      return {
        kind: 'undeliverable',
        at: timestamp,
        // SES's global list, or the account's own (its configuration set suppresses bounces and complaints).
        reason: SUPPRESSION_SUBTYPES.includes(bounceSubType) ? 'suppression-list' : 'permanent-bounce',
        detail: described,
      };
    }
    case 'Reject':
      // A reject has no time of its own: SES refused the message when it was sent.
      return {
        kind: 'undeliverable',
        at: detail.mail.timestamp,
        reason: 'rejected',
        detail: `Rejected by SES (${detail.reject.reason})`,
      };
    case 'DeliveryDelay':
      return {
        kind: 'delayed',
        at: detail.deliveryDelay.timestamp,
        detail: `Delivery delayed (${detail.deliveryDelay.delayType})`,
      };
    case 'Complaint':
      return {
        kind: 'complaint',
        at: detail.complaint.timestamp,
        detail: `Complaint${detail.complaint.complaintFeedbackType ? ` (${detail.complaint.complaintFeedbackType})` : ''}`,
      };
    case 'Delivery':
      return { kind: 'delivered', at: detail.delivery.timestamp };
  }
}

/**
 * Whether the event is about the address the message went to: SES names the recipients a bounce,
 * complaint, delay or delivery concerns; a reject concerns the whole message. Compared as the
 * contact ledger compares addresses (trimmed, lower-cased).
 */
export function concernsAddress(detail: SesEventDetail, address: string): boolean {
  const same = (candidate: string) => candidate.trim().toLowerCase() === address.trim().toLowerCase();
  switch (detail.eventType) {
    case 'Bounce':
      return detail.bounce.bouncedRecipients.some((recipient) => same(recipient.emailAddress));
    case 'Complaint':
      return detail.complaint.complainedRecipients.some((recipient) => same(recipient.emailAddress));
    case 'DeliveryDelay':
      return detail.deliveryDelay.delayedRecipients.some((recipient) => same(recipient.emailAddress));
    case 'Delivery':
      return detail.delivery.recipients.some(same);
    case 'Reject':
      return detail.mail.destination.some(same);
  }
}

/** A case the workflow may still be asked to hand to a person: open, and no other reply waiting for it. */
const mayReplyTo = (record: Pick<CaseRecord, 'status' | 'pendingReply'>) =>
  record.status === 'open' && !record.pendingReply;

/**
 * What an undeliverable address does to the case: the workflow is told to stop and hand it to a
 * person (ManualFollowUpNeeded, reason `undeliverable`). A reply already waiting (a payment, say) is
 * not overwritten: the workflow takes that one first, and its next email is refused as undeliverable,
 * which hands the case to a person all the same. A closed or held case is left as it is.
 */
export function undeliverableReply(
  record: Pick<CaseRecord, 'status' | 'pendingReply'>,
  replyId: string,
): Reply | undefined {
  return mayReplyTo(record) ? { id: replyId, outcome: 'stopped', reason: 'undeliverable' } : undefined;
}

/**
 * A complaint is an opt-out, recorded as the portal's "stop emails" records one (`optedOutAt`, and
 * the workflow told to stop), and the case goes to a person (reason `complaint`). A debtor who
 * already opted out changes nothing more.
 */
export function complaintChange(
  record: Pick<CaseRecord, 'status' | 'pendingReply' | 'optedOutAt'>,
  at: string,
  replyId: string,
): { set?: Pick<CaseRecord, 'optedOutAt'>; reply?: Reply } {
  if (record.optedOutAt) return {};
  return {
    set: { optedOutAt: at },
    ...(mayReplyTo(record) ? { reply: { id: replyId, outcome: 'stopped', reason: 'complaint' } } : {}),
  };
}
