import type { CaseRecord } from '../../functions/domain/case.ts';
import type { Language } from '../../functions/domain/language.ts';
import { languageOf } from '../../functions/domain/language.ts';
import { localeFor } from '../../functions/portal/language-choice.ts';
import type { PortalView } from '../../functions/portal/view.ts';

/** A page's view of a case as the portal handler builds it: the debtor's language unless one is chosen. */
export function viewFor(
  record: Pick<CaseRecord, 'debtor'>,
  options: Partial<PortalView> & { language?: Language } = {},
): PortalView {
  const language = options.language ?? languageOf(record.debtor.locale);
  return {
    locale: localeFor(language, record.debtor.locale),
    timeZone: record.debtor.timeZone,
    today: '2026-11-20',
    creditorName: 'Example Energy',
    contact: {
      email: 'accounts@example.com',
      phone: '+44 20 7946 0000',
      supportHours: 'Monday to Friday, 9am to 5pm',
    },
    accountPath: '/case/abc',
    currentPath: '/case/abc',
    ...options,
    language,
  };
}
