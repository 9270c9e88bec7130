import { randomUUID } from 'node:crypto';
import type { SesEventDetail } from '../contract/ses-events.ts';
import { debtorKey, isDueSoonOwner } from '../contract/table.ts';
import {
  complaintChange,
  concernsAddress,
  type EmailOutcome,
  emailOutcomeOf,
  UNRECORDED_SEND_GRACE_MS,
  undeliverableReply,
} from '../domain/deliverability.ts';
import { queueEntry } from '../domain/queues.ts';
import type {
  Cases,
  ContactRecords,
  DebtorPreferences,
  EmailEventWrite,
  Replies,
  SentMessage,
} from '../ports/case-store.ts';
import type { Workflow } from '../ports/effects.ts';
import { appendCorrelationIds, logger } from '../shared/logger.ts';
import { deliverPendingReply } from './replies.ts';

export type EmailEventPorts = {
  store: Pick<Cases, 'getCase'> &
    Pick<ContactRecords, 'sentMessage' | 'contactLedger' | 'recordEmailEvent'> &
    Replies;
  workflow: Pick<Workflow, 'answer'>;
  /** A complaint about a note before a due date (no case) stops the debtor's emails (issue 16). */
  preferences?: Pick<DebtorPreferences, 'stopEmails'>;
};

export type EmailEventResult =
  /** Not a message of ours, or one whose lookup expired: logged and dropped. */
  | { outcome: 'unknown-message' }
  /** About another recipient than the one the message went to: dropped. */
  | { outcome: 'other-recipient' }
  /** Received before (SQS redelivers): nothing more changes. */
  | { outcome: 'duplicate'; kind: EmailOutcome['kind'] }
  | { outcome: 'recorded'; kind: EmailOutcome['kind']; caseId: string };

/** How many times the write is tried again when the case or the ledger moved on meanwhile. */
const MAX_ATTEMPTS = 5;

/**
 * SES tells what became of a message (issue 13, "Deliverability"): found by SES's message id, then
 * - a permanent bounce, a suppression-list bounce or a reject: the address is undeliverable (the
 *   send gate refuses it from now on), the send leaves the debtor's contact ledger and its EmailSent
 *   entry says undelivered (it never counted as a contact), EmailBounced on the timeline, and the
 *   case goes to a person (reason `undeliverable`);
 * - a transient bounce or a delay: EmailDelayed on the timeline, nothing else (SES retries);
 * - a complaint: an opt-out, EmailComplaint on the timeline, the case to a person (reason `complaint`);
 *   about a note before a due date (no case), the debtor's opt-out of every email (issue 16);
 * - a delivery: the EmailSent entry says when it was delivered.
 * Each is written once, in one transaction; a repeat changes nothing more.
 */
export async function receiveEmailEvent(
  detail: SesEventDetail,
  ports: EmailEventPorts,
  { newId = randomUUID, now = new Date() }: { newId?: () => string; now?: Date } = {},
): Promise<EmailEventResult> {
  const { store } = ports;
  const message = await store.sentMessage(detail.mail.messageId);
  if (!message && now.getTime() - Date.parse(detail.mail.timestamp) < UNRECORDED_SEND_GRACE_MS) {
    // Sent a moment ago: the sender may not have recorded it yet. Retried (the queue's redelivery).
    throw new Error(
      `The message of an SES ${detail.eventType} event is not recorded yet; the event will be retried`,
    );
  }
  if (!message) {
    logger.info('An SES event about a message we do not know (not ours, or long ago); dropped', {
      eventType: detail.eventType,
    });
    return { outcome: 'unknown-message' };
  }
  appendCorrelationIds({ caseId: message.caseId });
  if (!concernsAddress(detail, message.address)) {
    logger.warn('An SES event about another recipient than the message had; dropped', {
      eventType: detail.eventType,
    });
    return { outcome: 'other-recipient' };
  }
  const outcome = emailOutcomeOf(detail);
  const { messageKey } = message;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const write = await writeFor(outcome, message, ports, newId());
    const result = await store.recordEmailEvent(write);
    if (result === 'ledger-changed' || result === 'case-changed') continue;
    // The reply for the workflow is on the case; a redelivered bounce or complaint whose first try
    // stopped short of telling the workflow tells it now.
    const handsOn = outcome.kind === 'undeliverable' || outcome.kind === 'complaint';
    if (write.change?.reply || (result === 'duplicate' && handsOn)) {
      const current = await store.getCase(message.caseId);
      if (current) await deliverPendingReply(ports, current);
    }
    // A complaint about a note before a due date has no case to opt out: the debtor is, for every
    // case and note (kept once; a redelivered complaint whose first try stopped short keeps it now).
    if (outcome.kind === 'complaint' && isDueSoonOwner(message.caseId) && ports.preferences) {
      const stopped = await ports.preferences.stopEmails(debtorKey(message.address), outcome.at, 'complaint');
      logger.info('A complaint about a note before a due date stopped the debtor’s emails', { stopped });
    }
    logger.info(result === 'duplicate' ? 'SES event received before' : 'SES event recorded', {
      eventType: detail.eventType,
      messageKey,
      outcome: outcome.kind,
    });
    return result === 'duplicate'
      ? { outcome: 'duplicate', kind: outcome.kind }
      : { outcome: 'recorded', kind: outcome.kind, caseId: message.caseId };
  }
  throw new Error(
    `Case ${message.caseId} or its debtor's ledger kept changing; the SES event about ${message.messageKey} will be retried`,
  );
}

/** The one write an outcome is, from the case and the ledger as they are now. */
async function writeFor(
  outcome: EmailOutcome,
  message: SentMessage,
  { store }: EmailEventPorts,
  replyId: string,
): Promise<EmailEventWrite> {
  const { messageKey } = message;
  switch (outcome.kind) {
    case 'delivered':
      return { message, mark: 'deliveredAt', at: outcome.at, sentEntry: { deliveredAt: outcome.at } };
    case 'delayed':
      return {
        message,
        mark: 'delayedAt',
        at: outcome.at,
        entry: {
          type: 'EmailDelayed',
          at: outcome.at,
          entryId: `delayed-${messageKey}`,
          data: { messageKey, detail: outcome.detail },
        },
      };
    case 'complaint': {
      const record = await store.getCase(message.caseId);
      const change = record ? complaintChange(record, outcome.at, replyId) : {};
      return {
        message,
        mark: 'complainedAt',
        at: outcome.at,
        entry: {
          type: 'EmailComplaint',
          at: outcome.at,
          entryId: `complaint-${messageKey}`,
          data: { messageKey, detail: outcome.detail },
        },
        ...(record ? { change: { record, ...change } } : {}),
      };
    }
    case 'undeliverable': {
      const [record, ledger] = await Promise.all([
        store.getCase(message.caseId),
        store.contactLedger(message.address),
      ]);
      const reply = record ? undeliverableReply(record, replyId) : undefined;
      return {
        message,
        mark: 'bouncedAt',
        at: outcome.at,
        sentEntry: { undeliveredAt: outcome.at, undelivered: outcome.detail },
        entry: {
          type: 'EmailBounced',
          at: outcome.at,
          entryId: `bounced-${messageKey}`,
          data: { messageKey, reason: outcome.reason, detail: outcome.detail },
        },
        // The bounced message never reached the debtor: it does not count toward the weekly cap.
        ledger: {
          read: ledger,
          sends: ledger.sends.filter(
            (send) => !(send.caseId === message.caseId && send.messageKey === messageKey),
          ),
        },
        undeliverable: { since: outcome.at, reason: outcome.reason },
        ...(record
          ? {
              change: {
                record,
                ...(reply ? { reply } : {}),
                // The staff's queue of emails that could not be delivered (issue 12).
                queues: {
                  enter: [queueEntry(record, 'undeliverable', outcome.at, { reason: outcome.reason })],
                },
              },
            }
          : {}),
      };
    }
  }
}
