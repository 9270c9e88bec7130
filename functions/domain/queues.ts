import type { CaseRecord } from './case.ts';
import type { Money } from './money.ts';

/**
 * The work queues, in the order the console lists them. `hardship` (branch `ladder`'s hold before
 * escalation), `undeliverable` (branch `bounces`) and `referrals` (a referral waiting for a
 * supervisor) are named here so their writers have a queue to put a case in.
 */
export const QUEUES = [
  'disputes',
  'callbacks',
  'handed-to-person',
  'broken-promises',
  'hardship',
  'undeliverable',
  'referrals',
  // Texts from the debtor that are not a keyword (issue 16): a person reads and answers them.
  'debtor-messages',
] as const;
export type QueueName = (typeof QUEUES)[number];
export const isQueue = (value: string): value is QueueName => (QUEUES as readonly string[]).includes(value);

/** What a queue's row shows without reading the case. */
export type QueueSummary = {
  debtorName: string;
  balance: Money;
  /** Why it is in the queue (a hand-over's reason, a dispute's reason). */
  reason?: string;
  /** A callback's phone and the time the debtor asked for (in their zone). */
  phone?: string;
  preferredTime?: string;
  timeZone?: string;
};
/** A case entering a queue, as the change that puts it there says. */
export type QueueEntry = { queue: QueueName; since: string; summary: QueueSummary };
/** Queues a change puts the case in and takes it out of (written in the same transaction). */
export type QueueMoves = { enter?: QueueEntry[]; leave?: QueueName[] };

export function queueEntry(
  record: Pick<CaseRecord, 'debtor' | 'balance'>,
  queue: QueueName,
  since: string,
  extra: Omit<QueueSummary, 'debtorName' | 'balance'> = {},
): QueueEntry {
  return { queue, since, summary: { debtorName: record.debtor.name, balance: record.balance, ...extra } };
}

/** The workflow's state a case handed to a person waits in, holding the token for them (issue 12). */
export const PERSON_WAIT_STATE = 'Wait for a person to act';

/** The case's workflow waits for a person now: a staff action's reply goes on with it. */
export const waitsForPerson = (record: { status: string; waitingState?: string; taskToken?: string }) =>
  record.status === 'held-for-person' &&
  Boolean(record.taskToken) &&
  Boolean(record.waitingState?.startsWith(PERSON_WAIT_STATE));

/**
 * How many policy days a case handed to a person waits before its wait starts again (issue 12): the
 * workflow holds the task token this long, then waits again, the case still in its queue.
 */
export const PERSON_WAIT_DAYS = 14;

/** The wait for a person, in the workflow's real seconds (policy days × the deployment's day length). */
export const personWait = (reason: string, daySeconds: number) => ({
  reason,
  waitSeconds: Math.max(1, Math.round(PERSON_WAIT_DAYS * daySeconds)),
});

/** Why the workflow waits for a person (the hand-over's reason, in its waiting state), if it does. */
export function personWaitReason(record: { status: string; waitingState?: string; taskToken?: string }) {
  if (!waitsForPerson(record)) return undefined;
  return /\(([^)]+)\)$/.exec(record.waitingState ?? '')?.[1];
}
