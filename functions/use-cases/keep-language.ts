import type { CaseRecord } from '../domain/case.ts';
import type { Language } from '../domain/language.ts';
import { keepLanguage } from '../domain/preferences.ts';
import { CaseChangedError, type Cases, type DebtorPreferences } from '../ports/case-store.ts';

export type KeepLanguagePorts = {
  store: Pick<Cases, 'getCase' | 'recordAction'>;
  preferences: Pick<DebtorPreferences, 'keepPreferredLanguage'>;
};

const MAX_ATTEMPTS = 5;

/**
 * Language kept (issue 16): the language the debtor picked on the portal becomes the case's (every
 * later email and page speaks it) and the debtor's (a case opened for them later speaks it too).
 * On a case that keeps changing, it is judged afresh on the case as it is now.
 */
export async function keepDebtorLanguage(
  record: CaseRecord,
  language: Language,
  now: Date,
  ports: KeepLanguagePorts,
): Promise<CaseRecord> {
  const at = now.toISOString();
  await ports.preferences.keepPreferredLanguage(record.debtor.email, language, at);
  let current: CaseRecord | undefined = record;
  for (let attempt = 1; current; attempt++) {
    const change = keepLanguage(current, language, at);
    if (!change) return current;
    try {
      return await ports.store.recordAction(current, { set: change.set }, { ...change.timeline, at });
    } catch (error) {
      if (!(error instanceof CaseChangedError) || attempt >= MAX_ATTEMPTS) throw error;
      current = await ports.store.getCase(record.caseId);
    }
  }
  return record;
}
