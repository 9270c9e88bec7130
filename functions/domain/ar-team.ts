import { arTeam as w } from '../i18n/en.ts';
import type { CaseRecord } from './case.ts';
import { type Money, toDecimalString } from './money.ts';

/**
 * What the AR team is told, by SNS, when a debtor needs a person: a dispute to review or a call to
 * make. Plain text for an email subscription, in the team's language (English; the words are in the
 * English catalogue, functions/i18n/en.ts). It carries the facts the team needs and no way into the
 * portal: no link, no token.
 */
export type ArTeamNotice = {
  /** SNS subjects: at most 100 ASCII characters, one line. */
  subject: string;
  message: string;
  /** The case event it goes with, as a message attribute subscribers may filter on. */
  event: 'DisputeOpened' | 'CallbackRequested' | 'DocumentAdded';
};

type NoticeCase = Pick<CaseRecord, 'caseId' | 'accountId' | 'balance' | 'invoices' | 'debtor' | 'rung'>;

const amount = (value: Money) => `${value.currency} ${toDecimalString(value)}`;

/** SNS refuses a subject over 100 characters or with anything but printable ASCII. */
function subjectLine(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 100);
}

function lines(entries: [label: string, value: string | undefined][]): string {
  return entries
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')
    .map(([label, value]) => `${label}: ${value}`)
    .join('\n');
}

const caseFacts = (record: NoticeCase): [string, string | undefined][] => [
  [w.facts.case, record.caseId],
  [w.facts.account, record.accountId],
  [w.facts.debtor, record.debtor.name],
  [w.facts.language, record.debtor.locale],
  [w.facts.timeZone, record.debtor.timeZone],
  [w.facts.balance, amount(record.balance)],
  [
    w.facts.invoices,
    record.invoices
      .map((invoice) => w.invoice(invoice.invoiceId, amount(invoice.amountDue), invoice.dueDate))
      .join('; '),
  ],
  [w.facts.rung, record.rung],
];

export function disputeNotice(
  record: NoticeCase,
  dispute: { disputeId: string; reason: string; note?: string; reviewBy: string; at: string },
): ArTeamNotice {
  return {
    event: 'DisputeOpened',
    subject: subjectLine(w.dispute.subject(record.caseId)),
    message: [
      w.dispute.opening(record.caseId),
      lines([
        ...caseFacts(record),
        [w.dispute.facts.dispute, dispute.disputeId],
        [w.dispute.facts.reason, dispute.reason],
        [w.dispute.facts.openedAt, dispute.at],
      ]),
      ...(dispute.note ? [w.dispute.note(dispute.note)] : []),
      w.dispute.answer(record.accountId, dispute.reviewBy),
    ].join('\n\n'),
  };
}

export function callbackNotice(
  record: NoticeCase,
  callback: { phone: string; preferredTime: string; note?: string; pausedUntil: string; at: string },
): ArTeamNotice {
  return {
    event: 'CallbackRequested',
    subject: subjectLine(w.callback.subject(record.caseId)),
    message: [
      w.callback.opening(record.caseId),
      lines([
        [w.callback.facts.phone, callback.phone],
        [w.callback.facts.preferredTime, w.callback.preferredTime(callback.preferredTime)],
        ...caseFacts(record),
        [w.callback.facts.pausedUntil, callback.pausedUntil],
        [w.callback.facts.requestedAt, callback.at],
      ]),
      ...(callback.note ? [w.callback.note(callback.note)] : []),
    ].join('\n\n'),
  };
}

/** A document the debtor added to their dispute: where it is in the documents bucket, to review with it. */
export function documentAddedNotice(
  record: NoticeCase,
  document: { key: string; bucket: string; contentType: string; size: number; count: number; at: string },
): ArTeamNotice {
  return {
    event: 'DocumentAdded',
    subject: subjectLine(w.document.subject(record.caseId)),
    message: [
      w.document.opening(record.caseId, document.count),
      lines([
        [w.facts.case, record.caseId],
        [w.facts.account, record.accountId],
        [w.document.facts.bucket, document.bucket],
        [w.document.facts.key, document.key],
        [w.document.facts.type, document.contentType],
        [w.document.facts.size, w.document.size(document.size)],
        [w.document.facts.addedAt, document.at],
      ]),
      w.document.checked,
    ].join('\n\n'),
  };
}
