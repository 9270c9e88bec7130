import type { CaseRecord } from '../domain/case.ts';
import { textAllowed } from '../domain/text-messages.ts';
import { CHANNEL_PREFERENCES } from '../domain/text-preferences.ts';
import { textPageWords } from '../domain/texts.ts';
import { html, join, type SafeHtml } from '../views/html.ts';
import { errorSummary } from './error-summary.ts';
import { page } from './layout.ts';
import { chromeFor, hrefTo, type PortalView } from './view.ts';

/**
 * The debtor's texts (issue 16), pure: give or withdraw consent, the mobile number, and how they
 * prefer to hear from us. Email stays the default; the box is never ticked for them.
 */
export const TEXTS_PAGE = 'texts';

export type TextsState = { values: Record<string, string>; errors: Record<string, string> };

const wordsOf = (view: PortalView) => textPageWords(view.language);

const ANCHORS: Record<string, string> = { phone: 'phone', consent: 'consent', channel: 'channel-email' };

/** The link on the account page. */
export function textsLink(view: PortalView): string {
  return html`<p><a href="${hrefTo(view, `/${TEXTS_PAGE}`)}">${wordsOf(view).link}</a></p>`.toString();
}

function where(record: CaseRecord, view: PortalView): SafeHtml {
  const w = wordsOf(view).now;
  if (record.smsOptedOutAt && record.debtor.smsConsent !== true) return html`<p>${w.stopped}</p>`;
  return textAllowed(record) && record.debtor.phone
    ? html`<p>${w.on(record.debtor.phone)}</p>`
    : html`<p>${w.off}</p>`;
}

/** The form, with the case's current choice (or what the debtor just sent, and why it was refused). */
export function textsPage(
  record: CaseRecord,
  view: PortalView,
  input: { csrf: string; state?: TextsState; saved?: boolean; welcomeSent?: boolean },
): string {
  const w = wordsOf(view);
  const errors = input.state?.errors ?? {};
  const values = input.state?.values ?? {
    phone: record.debtor.phone ?? '',
    ...(record.debtor.smsConsent === true && !record.smsOptedOutAt ? { consent: 'yes' } : {}),
    channel: record.debtor.preferredChannel ?? 'email',
  };
  const message = (field: string) => {
    const code = errors[field];
    if (!code) return '';
    return Object.hasOwn(w.errors, code) ? w.errors[code as keyof typeof w.errors] : code;
  };
  const error = (field: string) =>
    errors[field] ? html`<p class="error" id="${field}-error">${message(field)}</p>` : '';
  const invalid = (field: string) => (errors[field] ? html` aria-invalid="true"` : '');
  const summary = errorSummary(
    view.language,
    Object.keys(errors).map((field) => ({ anchor: ANCHORS[field] ?? 'main', message: message(field) })),
  );
  const saved = input.saved
    ? html`<p role="status">${w.saved}${input.welcomeSent ? html` ${w.welcomeSent}` : ''}</p>`
    : '';
  const hasErrors = Object.keys(errors).length > 0;
  return page(
    view.language,
    `${w.title} · ${view.creditorName}`,
    html`<h1>${w.title}</h1>
${saved}${summary}
${where(record, view)}
<p>${w.intro}</p>
<form method="post" action="${hrefTo(view, `/${TEXTS_PAGE}`)}" novalidate>
<input type="hidden" name="csrf" value="${input.csrf}">
<label for="phone">${w.phone}</label>
<p class="note" id="phone-hint">${w.phoneHint}</p>
${error('phone')}
<input type="tel" id="phone" name="phone" autocomplete="tel" maxlength="30" value="${values.phone ?? ''}" aria-describedby="phone-hint${errors.phone ? ' phone-error' : ''}"${invalid('phone')}>
${error('consent')}
<div class="choice"><input type="checkbox" id="consent" name="consent" value="yes"${values.consent === 'yes' ? html` checked` : ''}${errors.consent ? html` aria-describedby="consent-error"` : ''}${invalid('consent')}> <label for="consent">${w.consent}</label></div>
<fieldset${errors.channel ? html` aria-describedby="channel-error"` : ''}${invalid('channel')}>
<legend>${w.channel}</legend>
${error('channel')}
${join(CHANNEL_PREFERENCES.map((channel) => html`<div class="choice"><input type="radio" id="channel-${channel}" name="channel" value="${channel}"${values.channel === channel ? html` checked` : ''}> <label for="channel-${channel}">${w.channels[channel]}</label></div>`))}
</fieldset>
<p><button class="button" type="submit">${w.save}</button></p>
</form>`,
    chromeFor(view, { hasErrors }),
  );
}
