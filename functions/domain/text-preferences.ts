import * as z from '../contract/zod.ts';
import type { CaseField, CaseRecord } from './case.ts';
import type { CaseChange } from './case-updates.ts';
import { type ChannelPreference, E164, textAllowed } from './text-messages.ts';

/**
 * The debtor's texts on the portal (issue 16), pure: their mobile number, whether they agree to
 * texts, and how they prefer to hear from us. Consent is a ticked box, never a default; without it
 * the preference falls back to email.
 */
export const CHANNEL_PREFERENCES = ['email', 'sms', 'both'] as const satisfies readonly ChannelPreference[];

export const TextPreferencesFormSchema = z.object({
  /** Written as people write it; kept as E.164 (spaces, dashes and brackets dropped). */
  phone: z._default(
    z.optional(
      z.pipe(
        z.string().check(z.trim()).check(z.maxLength(30, 'phone-format')),
        z.transform((phone) => phone.replace(/[\s().-]/g, '')),
      ),
    ),
    '',
  ),
  consent: z.optional(z.enum(['yes'], { error: 'consent-format' })),
  channel: z.enum(CHANNEL_PREFERENCES, { error: 'channel-required' }),
});

export type TextPreferencesForm = z.infer<typeof TextPreferencesFormSchema>;

export type TextPreferencesResult =
  | {
      ok: true;
      change: Omit<CaseChange, 'timeline'> & { timeline: CaseChange['timeline'] };
      /** Consent is given now (it was not): the confirmation text goes before any other. */
      welcome: boolean;
    }
  | { ok: false; errors: Record<string, string> };

/**
 * What the debtor's choice changes: the number (E.164), consent given or withdrawn, the channel.
 * Texts chosen without a number or without the box ticked are refused with the reason, so the
 * debtor is never left thinking texts will come when they will not.
 */
export function changeTextPreferences(
  record: CaseRecord,
  form: TextPreferencesForm,
  now: Date,
): TextPreferencesResult {
  const phone = form.phone === '' ? undefined : form.phone;
  const consent = form.consent === 'yes';
  const errors: Record<string, string> = {};
  if (phone !== undefined && !E164.test(phone)) errors.phone = 'phone-format';
  if (consent && phone === undefined) errors.phone = 'phone-required';
  if (form.channel !== 'email' && !consent) errors.consent = 'consent-required';
  if (form.channel !== 'email' && phone === undefined) errors.phone ??= 'phone-required';
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const at = now.toISOString();
  const before = textAllowed(record);
  const debtor = {
    ...record.debtor,
    ...(phone !== undefined ? { phone } : {}),
    smsConsent: consent,
    preferredChannel: form.channel,
  };
  // Consent given again after a STOP: the STOP no longer stands.
  const after = textAllowed({ debtor });
  const welcome = after && !before && form.channel !== 'email';
  const set: NonNullable<CaseChange['set']> = {
    debtor,
    // The confirmation goes now, so the gate does not send one again before the first text.
    ...(welcome ? { smsWelcomedAt: at } : {}),
    // Withdrawn: no text goes again until consent is given again.
    ...(!consent && before ? { smsOptedOutAt: at } : {}),
  };
  const remove: CaseField[] = consent && record.smsOptedOutAt ? ['smsOptedOutAt'] : [];
  return {
    ok: true,
    change: {
      set,
      ...(remove.length > 0 ? { remove } : {}),
      ...(phone !== undefined && phone !== record.debtor.phone ? { debtorPhone: phone } : {}),
      timeline: {
        type: consent ? 'TextsConsentGiven' : 'TextsConsentWithdrawn',
        entryId: `texts-${at}`,
        data: { channel: form.channel },
      },
    },
    welcome,
  };
}
