import type { CaseRecord } from '../domain/case.ts';
import { changeTextPreferences, TextPreferencesFormSchema } from '../domain/text-preferences.ts';
import { renderServiceText } from '../domain/texts.ts';
import { CaseChangedError, type Cases, type TextRecords, textKey } from '../ports/case-store.ts';
import { logger } from '../shared/logger.ts';
import { fieldErrors } from './debtor-action.ts';

export type TextPreferencesPorts = {
  store: Pick<Cases, 'getCase' | 'recordAction'> &
    Pick<TextRecords, 'recordServiceText' | 'clearPhoneStopped'>;
  /** Who is writing (the deployment's creditor), named in the confirmation text. */
  creditorName: string;
};

export type TextPreferencesOutcome =
  | { ok: true; record: CaseRecord }
  | { ok: false; errors: Record<string, string> }
  | 'unavailable';

const MAX_ATTEMPTS = 3;

/**
 * The debtor gives or withdraws consent to texts on the portal, and picks how they hear from us
 * (issue 16). Consent given now is answered by the confirmation text at once (it answers what the
 * debtor just did, so it passes no cap; every later text passes the one gate).
 */
export async function setTextPreferences(
  record: CaseRecord,
  values: Record<string, string>,
  now: Date,
  ports: TextPreferencesPorts,
): Promise<TextPreferencesOutcome> {
  const parsed = TextPreferencesFormSchema.safeParse(values);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  let current: CaseRecord | undefined = record;
  for (let attempt = 1; current; attempt++) {
    const result = changeTextPreferences(current, parsed.data, now);
    if (!result.ok) return result;
    const { timeline, ...change } = result.change;
    try {
      const updated = await ports.store.recordAction(current, change, { ...timeline, at: now.toISOString() });
      // Consent given again: a STOP the number sent before no longer stands for later cases either.
      if (parsed.data.consent === 'yes' && updated.debtor.phone)
        await ports.store.clearPhoneStopped(updated.debtor.phone);
      if (result.welcome && updated.debtor.phone) {
        const text = renderServiceText('welcome', {
          locale: updated.debtor.locale,
          creditorName: ports.creditorName,
        });
        await ports.store.recordServiceText(
          updated,
          {
            messageKey: textKey(`welcome-${now.getTime()}`),
            to: updated.debtor.phone,
            body: text.body,
            segments: text.segments,
            encoding: text.encoding,
          },
          {
            type: 'TextSent',
            at: now.toISOString(),
            entryId: `text-welcome-${now.getTime()}`,
            data: { kind: 'welcome', purpose: 'answer', segments: text.segments, encoding: text.encoding },
          },
        );
      }
      logger.info('Text preferences recorded', { channel: parsed.data.channel, welcome: result.welcome });
      return { ok: true, record: updated };
    } catch (error) {
      if (!(error instanceof CaseChangedError) || attempt >= MAX_ATTEMPTS) throw error;
      current = await ports.store.getCase(record.caseId);
    }
  }
  return 'unavailable';
}
