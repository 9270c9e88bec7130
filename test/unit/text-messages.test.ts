import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  channelsFor,
  countSegments,
  encodingOf,
  intentOf,
  plainText,
  SEGMENT_LIMITS,
  textAllowed,
} from '../../functions/domain/text-messages.ts';
import { renderServiceText, renderText } from '../../functions/domain/texts.ts';

const gsmChar = fc.constantFrom(...'abcXYZ 019@£$!?.,:;-_'.split(''));
const extensionChar = fc.constantFrom(...'^{}[]~|€\\'.split(''));

describe('segments', () => {
  it('counts GSM-7 and UCS-2 at the single-segment limits', () => {
    expect(countSegments('')).toEqual({ encoding: 'GSM-7', segments: 0, units: 0 });
    expect(countSegments('a'.repeat(160))).toEqual({ encoding: 'GSM-7', segments: 1, units: 160 });
    expect(countSegments('a'.repeat(161))).toEqual({ encoding: 'GSM-7', segments: 2, units: 161 });
    expect(countSegments('a'.repeat(306)).segments).toBe(2);
    expect(countSegments('a'.repeat(307)).segments).toBe(3);
    expect(countSegments('á'.repeat(70))).toEqual({ encoding: 'UCS-2', segments: 1, units: 70 });
    expect(countSegments('á'.repeat(71))).toEqual({ encoding: 'UCS-2', segments: 2, units: 71 });
    expect(countSegments('á'.repeat(134)).segments).toBe(2);
    expect(countSegments('á'.repeat(135)).segments).toBe(3);
  });

  it('counts an extension character as two septets and never splits it', () => {
    expect(countSegments('€'.repeat(80))).toEqual({ encoding: 'GSM-7', segments: 1, units: 160 });
    expect(countSegments('€'.repeat(81)).segments).toBe(2);
    // 152 plain septets then an escape pair: the pair does not fit in the first segment's 153.
    expect(countSegments(`${'a'.repeat(152)}€${'a'.repeat(152)}`).segments).toBe(3);
    expect(countSegments(`${'a'.repeat(151)}€${'a'.repeat(153)}`).segments).toBe(2);
  });

  it('keeps a surrogate pair whole (an emoji costs two units)', () => {
    expect(countSegments('😀'.repeat(35))).toEqual({ encoding: 'UCS-2', segments: 1, units: 70 });
    expect(countSegments(`${'x'.repeat(66)}😀${'x'.repeat(67)}`)).toMatchObject({ segments: 3 });
  });

  it('one character outside the alphabet makes the whole text UCS-2', () => {
    expect(encodingOf('Your balance is £12.50')).toBe('GSM-7');
    expect(encodingOf('Su saldo es 12,50 €')).toBe('GSM-7');
    expect(encodingOf('Su cuenta tiene más')).toBe('UCS-2');
    expect(encodingOf('12\u00a0€')).toBe('UCS-2');
    expect(encodingOf(plainText('12\u00a0€ \u201cok\u201d'))).toBe('GSM-7');
  });

  it('GSM-7: segments are the fewest 153-septet parts that hold the text without splitting a character', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(gsmChar, extensionChar), { maxLength: 700 }), (chars) => {
        const body = chars.join('');
        const count = countSegments(body);
        const units = chars.reduce((sum, c) => sum + ('^{}[]~|€\\'.includes(c) ? 2 : 1), 0);
        expect(count.encoding).toBe('GSM-7');
        expect(count.units).toBe(units);
        if (units === 0) expect(count.segments).toBe(0);
        else if (units <= 160) expect(count.segments).toBe(1);
        else {
          // Never fewer than the septets need, at most one more per segment for a kept escape pair.
          expect(count.segments).toBeGreaterThanOrEqual(Math.ceil(units / 153));
          expect(count.segments).toBeLessThanOrEqual(Math.ceil(units / 152));
        }
      }),
    );
  });

  it('UCS-2: a longer text never costs fewer segments', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ maxLength: 20 }), (a, b) => {
        const shorter = countSegments(`á${a}`);
        const longer = countSegments(`á${a}${b}`);
        expect(shorter.encoding).toBe('UCS-2');
        expect(longer.segments).toBeGreaterThanOrEqual(shorter.segments);
        if (shorter.units > SEGMENT_LIMITS['UCS-2'].single)
          expect(shorter.segments).toBeGreaterThanOrEqual(Math.ceil(shorter.units / 67));
      }),
      { numRuns: 40 },
    );
  });
});

describe('keywords', () => {
  it('reads STOP and its equivalents in both languages, whatever the case or punctuation', () => {
    for (const word of [
      'STOP',
      'stop',
      ' Stop. ',
      'UNSUBSCRIBE',
      'cancel',
      'End',
      'quit!',
      'BAJA',
      'baja',
      'Alto',
      'ALTO!',
    ])
      expect(intentOf(word), word).toBe('stop');
  });
  it('reads HELP and AYUDA', () => {
    for (const word of ['HELP', 'help?', 'Ayuda', 'AYÚDA']) expect(intentOf(word), word).toBe('help');
  });
  it('anything else is a message for a person, even with a keyword in it', () => {
    for (const body of ['stop texting me at night', 'I can pay on Friday', 'help me please', 'STOP STOP', ''])
      expect(intentOf(body), body).toBe('message');
  });
});

describe('channels', () => {
  const phone = '+15555550123';
  it('email is the default; a text never goes without consent or after STOP', () => {
    expect(channelsFor({ debtor: {} })).toEqual(['email']);
    expect(channelsFor({ debtor: { phone, preferredChannel: 'sms' } })).toEqual(['email']);
    expect(channelsFor({ debtor: { phone, smsConsent: false, preferredChannel: 'both' } })).toEqual([
      'email',
    ]);
    expect(channelsFor({ debtor: { phone, smsConsent: true } })).toEqual(['email']);
    expect(channelsFor({ debtor: { phone, smsConsent: true, preferredChannel: 'sms' } })).toEqual(['sms']);
    expect(channelsFor({ debtor: { phone, smsConsent: true, preferredChannel: 'both' } })).toEqual([
      'email',
      'sms',
    ]);
    expect(
      channelsFor({ debtor: { phone, smsConsent: true, preferredChannel: 'sms' }, smsOptedOutAt: 'x' }),
    ).toEqual(['email']);
    expect(channelsFor({ debtor: { smsConsent: true, preferredChannel: 'sms' } })).toEqual(['email']);
  });
  it('after an email opt-out only a consented text is left', () => {
    expect(channelsFor({ debtor: { phone, smsConsent: true }, optedOutAt: 'x' })).toEqual(['sms']);
    expect(channelsFor({ debtor: { phone }, optedOutAt: 'x' })).toEqual([]);
    expect(textAllowed({ debtor: { phone: '5555550123', smsConsent: true } })).toBe(false);
  });
});

describe('texts', () => {
  const input = { locale: 'en-US', creditorName: 'Example Energy', accountUrl: 'https://pay.example/c/abc' };
  it('says who is writing, the amount, the link and how to opt out, in one GSM-7 segment or two', () => {
    const text = renderText({
      ...input,
      purpose: 'collection',
      balance: { amount: 12_950, currency: 'USD' },
    });
    expect(text.body).toBe(
      'Example Energy: your account has $129.50 overdue. Pay, plan or ask for time here: https://pay.example/c/abc Reply STOP to opt out.',
    );
    expect(text).toMatchObject({ encoding: 'GSM-7', segments: 1 });
  });
  it('in Spanish, with the amount as the locale writes it, billed as UCS-2', () => {
    const text = renderText({
      ...input,
      locale: 'es-ES',
      purpose: 'collection',
      balance: { amount: 12_950, currency: 'EUR' },
    });
    expect(text.body).toContain('129,50 €');
    expect(text.body).toContain('BAJA');
    expect(text.body).not.toMatch(/[\u00a0\u202f]/);
    expect(text.encoding).toBe('UCS-2');
    expect(text.segments).toBe(countSegments(text.body).segments);
  });
  it('answers STOP without inviting a STOP, and HELP with who is writing', () => {
    expect(renderServiceText('stopped', input).body).not.toContain('STOP');
    expect(renderServiceText('help', input).body).toContain('Example Energy');
    expect(renderServiceText('welcome', { ...input, locale: 'es' }).body).toContain('AYUDA');
  });
});

describe('texts fit the segment limit, whatever they say', () => {
  it('every purpose and answer, in both languages, with the longest creditor name and a real signed link', async () => {
    const { MAX_SEGMENTS } = await import('../../functions/domain/text-messages.ts');
    // The longest name a deployment may set (lib/stack-config.ts), with an accent (UCS-2 at once).
    const { CREDITOR_NAME_MAX_LENGTH } = await import('../../functions/domain/creditor.ts');
    const creditorName = `Compañía ${'x'.repeat(CREDITOR_NAME_MAX_LENGTH - 9)}`;
    expect(creditorName).toHaveLength(CREDITOR_NAME_MAX_LENGTH);
    const accountUrl = `https://abc123.execute-api.eu-west-1.amazonaws.com/case/${'e'.repeat(110)}`;
    for (const locale of ['en-GB', 'es-ES'])
      for (const purpose of ['collection', 'acknowledgement', 'outcome'] as const) {
        const text = renderText({
          purpose,
          locale,
          creditorName,
          accountUrl,
          balance: { amount: 123_456_789, currency: 'EUR' },
        });
        expect(text.segments, `${locale} ${purpose}`).toBeLessThanOrEqual(MAX_SEGMENTS);
        for (const kind of ['welcome', 'stopped', 'help'] as const)
          expect(renderServiceText(kind, { locale, creditorName, accountUrl }).segments).toBeLessThanOrEqual(
            MAX_SEGMENTS,
          );
      }
  });
});

describe('the one gate, with two channels', () => {
  it('a message by email and text needs room for two contacts under the one cap, in the same window', async () => {
    const { decideContact } = await import('../../functions/domain/contact-rules.ts');
    const now = new Date('2026-06-02T10:00:00Z');
    const base = {
      now,
      timeZone: 'Europe/London',
      locale: 'en-GB',
      contactWindow: { start: '08:00', end: '21:00' },
      weeklyMessageCap: 3,
      caseState: { status: 'open', balance: { amount: 100, currency: 'GBP' } } as const,
      purpose: 'collection' as const,
    };
    const day = 86_400_000;
    const two = [new Date(now.getTime() - 2 * day), new Date(now.getTime() - day)];
    expect(decideContact({ ...base, recentSends: two })).toEqual({ decision: 'send' });
    const both = decideContact({ ...base, recentSends: two, contacts: 2 });
    expect(both).toMatchObject({ decision: 'wait', reason: expect.stringMatching(/weekly cap/) });
    // It may go once the older of the two is a week old: then both fit.
    expect(both.decision === 'wait' && both.until.getTime()).toBe(now.getTime() - 2 * day + 7 * day);
    expect(decideContact({ ...base, recentSends: [], contacts: 2 })).toEqual({ decision: 'send' });
    // The window binds every channel alike: at night, both wait for the morning.
    const night = decideContact({
      ...base,
      now: new Date('2026-06-02T22:30:00Z'),
      recentSends: [],
      contacts: 2,
    });
    expect(night).toMatchObject({ decision: 'wait', reason: expect.stringMatching(/contact window/) });
  });
});
