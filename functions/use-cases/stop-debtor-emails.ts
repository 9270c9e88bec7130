import type { DebtorPreferences, EmailOptOutSource } from '../ports/case-store.ts';
import { logger } from '../shared/logger.ts';

export type StopDebtorEmailsPorts = { preferences: Pick<DebtorPreferences, 'stopEmails'> };

/**
 * The debtor stops our emails for all their cases (issue 16): from the one-click link of a note
 * before a due date (a mail client's RFC 8058 POST, or the page it opens), or by complaining about
 * one. Kept with their preferences, beside their contact ledger, where the one send gate reads it:
 * no note and no case's email goes to them again; a case opened later starts with its emails
 * stopped. The first opt-out's moment stands; a repeat changes nothing.
 */
export async function stopDebtorEmails(
  debtorKey: string,
  how: EmailOptOutSource,
  now: Date,
  ports: StopDebtorEmailsPorts,
): Promise<'stopped' | 'already-stopped'> {
  const stopped = await ports.preferences.stopEmails(debtorKey, now.toISOString(), how);
  logger.info('Debtor stopped every email', { how, stopped });
  return stopped ? 'stopped' : 'already-stopped';
}
