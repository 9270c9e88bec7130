import { type CaseRecord, isActive } from '../domain/case.ts';
import { queueEntry } from '../domain/queues.ts';
import { intentOf } from '../domain/text-messages.ts';
import { renderServiceText } from '../domain/texts.ts';
import {
  CaseChangedError,
  type Cases,
  type PhoneLookup,
  type TextRecords,
  textKey,
} from '../ports/case-store.ts';
import { logger } from '../shared/logger.ts';
import { markCaseOnce, waitBeforeRetry } from './mark-case.ts';

/** A text the debtor sent to our number, as the SMS service's two-way channel delivers it. */
export type InboundText = {
  /** The sender's number, E.164. */
  from: string;
  body: string;
  /** The SMS service's id for it: what makes handling it idempotent. */
  messageId: string;
  at: Date;
};

export type TextReplyPorts = {
  lookups: PhoneLookup;
  store: Pick<Cases, 'getCase' | 'recordAction' | 'timeline'> &
    Pick<TextRecords, 'recordServiceText' | 'markPhoneStopped'>;
  /** The debtor's account page behind a signed link (the HELP answer names it). */
  accountUrl(record: CaseRecord, now: Date): Promise<string>;
  /** Who is writing (the deployment's creditor), named in every answer. */
  creditorName: string;
};

export type TextReplyOutcome = 'unknown-sender' | 'stopped' | 'helped' | 'queued' | 'duplicate';

/** How often a text is recorded afresh on a case that keeps changing (as a debtor's action is). */
const MAX_ATTEMPTS = 8;

/**
 * A text from a debtor (issue 16). STOP and its equivalents (BAJA, ALTO…) withdraw consent to texts
 * at once on every case of the number, answered by one confirmation text (an answer to what the
 * debtor just did: outside the weekly cap and the window, as carriers require); HELP is answered
 * with who is writing and how to reach a person; anything else is a message for a person: on the
 * timeline of the debtor's case and in the staff's "debtor-messages" queue. Email carries on
 * wherever it is allowed: a STOP is about texts only.
 */
export async function receiveTextReply(text: InboundText, ports: TextReplyPorts): Promise<TextReplyOutcome> {
  const intent = intentOf(text.body);
  // First, before the cases are read: a case opened for the number a moment later starts without consent.
  if (intent === 'stop') await ports.store.markPhoneStopped(text.from, text.at.toISOString());
  const caseIds = await ports.lookups.casesOfPhone(text.from);
  const records = (await Promise.all(caseIds.map((caseId) => ports.store.getCase(caseId)))).filter(
    (record): record is CaseRecord => record !== undefined && record.debtor.phone === text.from,
  );
  if (records.length === 0) {
    logger.info('A text from a number no case has', { messageId: text.messageId });
    return 'unknown-sender';
  }
  // The case the debtor is talking about: their newest active case, or their newest.
  const latest = [...records].reverse().find((record) => isActive(record.status)) ?? records.at(-1);
  const main = latest as CaseRecord;
  const at = text.at.toISOString();
  const words = { locale: main.debtor.locale, creditorName: ports.creditorName };
  const answer = (kind: 'stopped' | 'help', accountUrl?: string) => {
    const rendered = renderServiceText(kind, { ...words, ...(accountUrl ? { accountUrl } : {}) });
    return ports.store.recordServiceText(
      main,
      {
        messageKey: textKey(`reply-${text.messageId}`),
        to: text.from,
        body: rendered.body,
        segments: rendered.segments,
        encoding: rendered.encoding,
      },
      {
        type: 'TextSent',
        at,
        entryId: `text-reply-${text.messageId}`,
        data: { kind, purpose: 'answer', segments: rendered.segments, encoding: rendered.encoding },
      },
    );
  };

  if (intent === 'stop') {
    for (const record of records) await withdrawConsent(record, text, ports);
    await answer('stopped');
    logger.info('Texts stopped by the debtor', { messageId: text.messageId, cases: records.length });
    return 'stopped';
  }
  if (intent === 'help') {
    const recorded = await answer('help', await ports.accountUrl(main, text.at));
    return recorded ? 'helped' : 'duplicate';
  }
  return queueForPerson(main, text, ports);
}

/** No text goes to this case's debtor again: recorded at once, once per case. */
async function withdrawConsent(record: CaseRecord, text: InboundText, ports: TextReplyPorts) {
  await withdrawTextConsent(ports.store, record, {
    at: text.at.toISOString(),
    entryId: `texts-stopped-${text.messageId}`,
    keyword: text.body.trim().slice(0, 20).toUpperCase(),
  });
}

/**
 * The case's debtor gets no text again (their number texted STOP at `at`): recorded once, on the
 * timeline as `TextsStopped`, retried over concurrent changes. Also what a case opened while the STOP
 * was being handled does for itself (receiveOverdueInvoice).
 */
export const withdrawTextConsent = (
  store: Pick<Cases, 'getCase' | 'recordAction'>,
  record: CaseRecord,
  stop: { at: string; entryId: string; keyword: string },
): Promise<CaseRecord> =>
  markCaseOnce(store, record.caseId, {
    holds: (current) => current.smsOptedOutAt !== undefined,
    change: (current) => ({
      set: { smsOptedOutAt: stop.at, debtor: { ...current.debtor, smsConsent: false } },
    }),
    entry: { type: 'TextsStopped', at: stop.at, entryId: stop.entryId, data: { keyword: stop.keyword } },
    attempts: MAX_ATTEMPTS,
  });

/** A message for a person: on the case's timeline and in the staff's queue, once per text. */
async function queueForPerson(
  record: CaseRecord,
  text: InboundText,
  ports: TextReplyPorts,
): Promise<TextReplyOutcome> {
  const entryId = `text-in-${text.messageId}`;
  let current: CaseRecord | undefined = record;
  for (let attempt = 1; current; attempt++) {
    if ((await ports.store.timeline(current.caseId)).some((entry) => entry.entryId === entryId))
      return 'duplicate';
    try {
      await ports.store.recordAction(
        current,
        {
          queues: {
            enter: [
              queueEntry(current, 'debtor-messages', text.at.toISOString(), {
                reason: text.body.slice(0, 160),
              }),
            ],
          },
        },
        {
          type: 'TextReceived',
          at: text.at.toISOString(),
          entryId,
          data: { body: text.body.slice(0, 1_600) },
        },
      );
      logger.info('A text from the debtor is queued for a person', { messageId: text.messageId });
      return 'queued';
    } catch (error) {
      if (!(error instanceof CaseChangedError) || attempt >= MAX_ATTEMPTS) throw error;
      await waitBeforeRetry(attempt);
      current = await ports.store.getCase(record.caseId);
    }
  }
  return 'duplicate';
}
