import type { CaseRecord } from './case.ts';
import { type Money, toDecimalString } from './money.ts';

/**
 * What the AR team is told, by SNS, when a debtor needs a person: a dispute to review or a call to
 * make. Plain text for an email subscription, in the team's language (English). It carries the
 * facts the team needs and no way into the portal: no link, no token.
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
  ['Case', record.caseId],
  ['Account', record.accountId],
  ['Debtor', record.debtor.name],
  ['Language', record.debtor.locale],
  ['Time zone', record.debtor.timeZone],
  ['Balance', amount(record.balance)],
  [
    'Invoices',
    record.invoices
      .map((invoice) => `${invoice.invoiceId} (${amount(invoice.amountDue)}, due ${invoice.dueDate})`)
      .join('; '),
  ],
  ['Reminder rung', record.rung],
];

export function disputeNotice(
  record: NoticeCase,
  dispute: { disputeId: string; reason: string; note?: string; reviewBy: string; at: string },
): ArTeamNotice {
  return {
    event: 'DisputeOpened',
    subject: subjectLine(`Dispute opened: ${record.caseId}`),
    message: [
      `The debtor disputes case ${record.caseId}. Collection has stopped until the dispute is resolved.`,
      lines([
        ...caseFacts(record),
        ['Dispute', dispute.disputeId],
        ['Reason', dispute.reason],
        ['Opened at', dispute.at],
      ]),
      ...(dispute.note ? [`The debtor's note:\n${dispute.note}`] : []),
      `Answer with a Dispute Resolved event for account ${record.accountId} (outcome upheld or rejected). ` +
        `If none comes by ${dispute.reviewBy}, the case is handed to a person.`,
    ].join('\n\n'),
  };
}

export function callbackNotice(
  record: NoticeCase,
  callback: { phone: string; preferredTime: string; note?: string; pausedUntil: string; at: string },
): ArTeamNotice {
  return {
    event: 'CallbackRequested',
    subject: subjectLine(`Callback requested: ${record.caseId}`),
    message: [
      `The debtor on case ${record.caseId} asks to talk to a person. Please call them back.`,
      lines([
        ['Phone', callback.phone],
        ['Preferred time', `${callback.preferredTime} (the debtor's time zone)`],
        ...caseFacts(record),
        ['Reminders paused until', callback.pausedUntil],
        ['Requested at', callback.at],
      ]),
      ...(callback.note ? [`The debtor's note:\n${callback.note}`] : []),
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
    subject: subjectLine(`Dispute document added: ${record.caseId}`),
    message: [
      `The debtor added a document to their dispute on case ${record.caseId} (document ${document.count} of at most 5).`,
      lines([
        ['Case', record.caseId],
        ['Account', record.accountId],
        ['Bucket', document.bucket],
        ['Key', document.key],
        ['Type', document.contentType],
        ['Size', `${document.size} bytes`],
        ['Added at', document.at],
      ]),
      'The file was checked: its type and size are within the limits and its content matches its type.',
    ].join('\n\n'),
  };
}
