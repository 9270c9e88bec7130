import { describe, expect, it } from 'vitest';
import { type CaseRecord, newCase } from '../../functions/domain/case.ts';
import { changeTextPreferences, TextPreferencesFormSchema } from '../../functions/domain/text-preferences.ts';

const record = (debtor: Partial<CaseRecord['debtor']> = {}, extra: Partial<CaseRecord> = {}): CaseRecord => ({
  ...newCase({
    accountId: 'ACC-T',
    caseNumber: 1,
    invoice: { invoiceId: 'I-1', amountDue: { amount: 10_000, currency: 'GBP' }, dueDate: '2026-05-01' },
    debtor: {
      name: 'Alex',
      email: 'alex@example.com',
      locale: 'en-GB',
      timeZone: 'Europe/London',
      segment: 'consumer',
      ...debtor,
    },
    openedAt: '2026-05-10T09:00:00Z',
  }),
  ...extra,
});
const now = new Date('2026-06-02T09:00:00Z');
const form = (fields: Record<string, string>) => TextPreferencesFormSchema.parse(fields);

describe('the debtor’s texts on the portal (consent and channel)', () => {
  it('gives consent with a number written as people write it, kept as E.164, and confirms by text', () => {
    const result = changeTextPreferences(
      record(),
      form({ phone: '+44 7700 900-123', consent: 'yes', channel: 'both' }),
      now,
    );
    expect(result).toMatchObject({
      ok: true,
      welcome: true,
      change: {
        set: {
          debtor: { phone: '+447700900123', smsConsent: true, preferredChannel: 'both' },
          smsWelcomedAt: now.toISOString(),
        },
        debtorPhone: '+447700900123',
        timeline: { type: 'TextsConsentGiven' },
      },
    });
  });

  it('refuses texts without the box ticked, or without a number, or with a number that is not one', () => {
    expect(changeTextPreferences(record(), form({ phone: '+447700900123', channel: 'sms' }), now)).toEqual({
      ok: false,
      errors: { consent: 'consent-required' },
    });
    expect(changeTextPreferences(record(), form({ consent: 'yes', channel: 'both' }), now)).toEqual({
      ok: false,
      errors: { phone: 'phone-required' },
    });
    expect(
      changeTextPreferences(record(), form({ phone: '07700 900123', consent: 'yes', channel: 'sms' }), now),
    ).toEqual({
      ok: false,
      errors: { phone: 'phone-format' },
    });
    expect(TextPreferencesFormSchema.safeParse({ channel: 'fax' }).success).toBe(false);
  });

  it('withdraws consent at once (no text goes again), and email stays the channel', () => {
    const consented = record({ phone: '+447700900123', smsConsent: true, preferredChannel: 'sms' });
    const result = changeTextPreferences(consented, form({ phone: '+447700900123', channel: 'email' }), now);
    expect(result).toMatchObject({
      ok: true,
      welcome: false,
      change: {
        set: { debtor: { smsConsent: false, preferredChannel: 'email' }, smsOptedOutAt: now.toISOString() },
        timeline: { type: 'TextsConsentWithdrawn' },
      },
    });
  });

  it('consent given again after a STOP lifts it; no second confirmation when texts were already on', () => {
    const stopped = record(
      { phone: '+447700900123', smsConsent: false, preferredChannel: 'sms' },
      { smsOptedOutAt: '2026-05-20T10:00:00Z', smsWelcomedAt: '2026-05-11T10:00:00Z' },
    );
    const again = changeTextPreferences(
      stopped,
      form({ phone: '+447700900123', consent: 'yes', channel: 'sms' }),
      now,
    );
    expect(again).toMatchObject({ ok: true, welcome: true, change: { remove: ['smsOptedOutAt'] } });
    const on = record({ phone: '+447700900123', smsConsent: true, preferredChannel: 'sms' });
    expect(
      changeTextPreferences(on, form({ phone: '+447700900123', consent: 'yes', channel: 'both' }), now),
    ).toMatchObject({
      ok: true,
      welcome: false,
    });
  });
});

describe('texts in the debtor’s History', () => {
  it('says what went, in how many billed parts, and the replies, STOP and consent, in both languages', async () => {
    const { historyText } = await import('../../functions/portal/history.ts');
    const at = '2026-06-02T09:00:00Z';
    const sent = { type: 'TextSent', at, data: { kind: 'friendly', purpose: 'collection', segments: 2 } };
    expect(historyText(sent, 'en-GB')).toMatch(/^We sent you a text \(.+\), 2 parts\.$/);
    expect(historyText(sent, 'es-ES')).toMatch(/^Le enviamos un mensaje de texto \(.+\), 2 partes\.$/);
    expect(historyText({ type: 'TextSent', at, data: { kind: 'help', purpose: 'answer' } }, 'en-GB')).toBe(
      'We answered your text.',
    );
    expect(historyText({ type: 'TextsStopped', at }, 'es')).toMatch(/dejáramos de enviarle/);
    expect(historyText({ type: 'TextReceived', at, data: { body: 'hola' } }, 'en')).toMatch(
      /A person will answer/,
    );
    expect(historyText({ type: 'TextsConsentGiven', at }, 'en')).toBe('You agreed to get texts from us.');
  });
});
