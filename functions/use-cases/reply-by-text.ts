import { randomUUID } from 'node:crypto';
import type { CaseRecord } from '../domain/case.ts';
import { may, type StaffMember } from '../domain/staff.ts';
import { MAX_SEGMENTS } from '../domain/text-messages.ts';
import { type RenderedText, renderPersonText, TextTooLongError } from '../domain/texts.ts';
import type { Cases } from '../ports/case-store.ts';
import type { CaseTexts } from '../ports/effects.ts';
import { appendCorrelationIds, logger } from '../shared/logger.ts';

export type StaffTextPorts = {
  store: Pick<Cases, 'getCase'>;
  /** The one send gate, for texts (shared/case-mail.ts `gateText`). */
  texts: CaseTexts;
  /** Who is writing, at the start of every text. */
  creditorName: string;
};

export type StaffTextOutcome =
  | { outcome: 'sent'; record: CaseRecord }
  /** The member's role may not text the debtor: nothing changed. */
  | { outcome: 'forbidden' }
  | { outcome: 'no-case' }
  /** Nothing to send. */
  | { outcome: 'empty'; record: CaseRecord }
  /** Longer than a text may be (MAX_SEGMENTS): nothing changed. */
  | { outcome: 'too-long'; record: CaseRecord; maxSegments: number }
  /** The debtor has not agreed to texts (or texted STOP): nothing changed. */
  | { outcome: 'no-consent'; record: CaseRecord }
  /** The contact rules refuse it now (the window, the weekly cap, the case's state): nothing changed. */
  | { outcome: 'refused'; record: CaseRecord; reason: string; until?: Date };

/**
 * A person answers the debtor by text (issue 16: a text from the debtor in the debtor-messages
 * queue). The words are the person's, said to come from the creditor and ending with how to opt out;
 * the text passes the one send gate like every message (consent, the contact window in the debtor's
 * zone, the weekly cap shared with every email and text) and, allowed, deliverText sends it. The
 * gate refuses it otherwise and nothing is written: the person is told why. Its TextSent entry
 * says who wrote it and what it said.
 */
export async function replyByText(
  caseId: string,
  message: string,
  by: StaffMember,
  ports: StaffTextPorts,
  now: Date = new Date(),
): Promise<StaffTextOutcome> {
  if (!may(by.role, 'text-reply')) {
    logger.warn('Staff text refused for the role', { role: by.role });
    return { outcome: 'forbidden' };
  }
  const record = await ports.store.getCase(caseId);
  if (!record) return { outcome: 'no-case' };
  appendCorrelationIds({ caseId: record.caseId, accountId: record.accountId });
  if (message.trim().length === 0) return { outcome: 'empty', record };
  let text: RenderedText;
  try {
    text = renderPersonText({ locale: record.debtor.locale, creditorName: ports.creditorName, message });
  } catch (error) {
    if (error instanceof TextTooLongError) return { outcome: 'too-long', record, maxSegments: MAX_SEGMENTS };
    throw error;
  }
  const sent = await ports.texts.send({
    record,
    messageKey: `staff-text-${randomUUID()}`,
    text,
    purpose: 'acknowledgement',
    data: { kind: 'staff-reply', body: text.body, by: by.email, role: by.role },
    now,
  });
  switch (sent.outcome) {
    case 'sent':
    case 'already-sent':
      logger.info('Staff text recorded for sending', { role: by.role, segments: text.segments });
      return { outcome: 'sent', record };
    case 'no-consent':
      return { outcome: 'no-consent', record };
    case 'refused':
      return {
        outcome: 'refused',
        record,
        reason: sent.reason,
        ...(sent.until ? { until: sent.until } : {}),
      };
  }
}
