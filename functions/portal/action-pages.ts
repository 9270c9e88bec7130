import type { CaseRecord } from '../domain/case.ts';
import { addDays, formatDate } from '../domain/dates.ts';
import {
  CALLBACK_TIMES,
  type CallbackTime,
  DEBTOR_ACTIONS,
  type DebtorAction,
  DISPUTE_REASONS,
} from '../domain/debtor-actions.ts';
import { type Language, languageOf } from '../domain/language.ts';
import { formatMoney } from '../domain/money.ts';
import type { PlanOffer } from '../domain/plans.ts';
import { words } from '../i18n/catalogue.ts';
import { html, join, raw, type SafeHtml } from '../views/html.ts';
import { errorSummary } from './error-summary.ts';
import { page } from './layout.ts';
import { hardshipFormBody, planErrorText, planFormBody } from './plan-pages.ts';
import { chromeFor, hrefTo, type PortalView } from './view.ts';

/**
 * The portal's action forms and confirmations, pure. Server-rendered HTML forms that work without
 * JavaScript; an invalid form comes back with the values kept and each error beside its field.
 */
const wordsOf = (language: Language) => words(language).actions;

export type FormState = { values: Record<string, string>; errors: Record<string, string> };

/** A form error in words: the code's message, or the code itself when it has none (never blank). */
function errorText(language: Language, code: string): string {
  const errors = wordsOf(language).errors;
  return Object.hasOwn(errors, code) ? errors[code as keyof typeof errors] : code;
}

const fieldError = (language: Language, errors: Record<string, string>, field: string) => {
  const code = errors[field];
  return code ? html`<p class="error" id="${field}-error">${errorText(language, code)}</p>` : '';
};
const describedBy = (errors: Record<string, string>, field: string, hint?: string) => {
  const ids = [hint, errors[field] ? `${field}-error` : undefined].filter(Boolean).join(' ');
  return ids ? html` aria-describedby="${ids}"${errors[field] ? html` aria-invalid="true"` : ''}` : '';
};

/** Where the error summary sends the reader for each field: the field, or a group's first choice. */
function fieldAnchor(action: DebtorAction, field: string, offers: PlanOffer[]): string {
  if (field === 'reason') return action === 'hardship' ? 'reason-job-loss' : 'reason-wrong-amount';
  if (field === 'preferredTime') return 'time-morning';
  if (field === 'planId') return offers[0] ? `plan-${offers[0].id}` : 'main';
  return ['date', 'note', 'phone', 'confirm', 'affordable'].includes(field) ? field : 'main';
}

/** The debtor's case as the page speaks it: amounts and dates in the view's locale. */
const inLocale = (record: CaseRecord, view: PortalView): CaseRecord => ({
  ...record,
  debtor: { ...record.debtor, locale: view.locale },
});

export function actionFormPage(input: {
  record: CaseRecord;
  action: DebtorAction;
  view: PortalView;
  csrf: string;
  latestPromiseDate: string;
  /** The latest date the snooze form takes (issue 16); today's date plus the policy's limit. */
  latestSnoozeDate?: string;
  /** The plans on offer, for the plan form. */
  offers?: PlanOffer[];
  state?: FormState;
  unavailable?: string;
}): string {
  const { action, view, csrf } = input;
  const record = inLocale(input.record, view);
  const locale = view.locale;
  const language = view.language;
  const w = wordsOf(language);
  const values = input.state?.values ?? {};
  const errors = input.state?.errors ?? {};
  const special = action === 'plan' || action === 'hardship';
  const summary = errorSummary(
    language,
    Object.entries(errors).map(([field, code]) => ({
      anchor: fieldAnchor(action, field, input.offers ?? []),
      message: (special ? planErrorText(language, code) : undefined) ?? errorText(language, code),
    })),
  );
  const checked = (yes: boolean) => (yes ? html` checked` : '');
  let fields: SafeHtml;
  if (action === 'promise') {
    const hint = w.fields.dateHint(formatDate(input.latestPromiseDate, locale));
    fields = html`<label for="date">${w.fields.date}</label>
<p class="note" id="date-hint">${hint}</p>
${fieldError(language, errors, 'date')}
<input type="date" id="date" name="date" required max="${input.latestPromiseDate}" value="${values.date ?? ''}"${describedBy(errors, 'date', 'date-hint')}>`;
  } else if (action === 'dispute') {
    fields = html`<fieldset${describedBy(errors, 'reason')}>
<legend>${w.fields.reason}</legend>
${fieldError(language, errors, 'reason')}
${join(DISPUTE_REASONS.map((reason) => html`<div class="choice"><input type="radio" id="reason-${reason}" name="reason" value="${reason}"${checked(values.reason === reason)}> <label for="reason-${reason}">${w.reasons[reason]}</label></div>`))}
</fieldset>
<label for="note">${w.fields.note}</label>
${fieldError(language, errors, 'note')}
<textarea id="note" name="note" rows="5" maxlength="2000"${describedBy(errors, 'note')}>${values.note ?? ''}</textarea>`;
  } else if (action === 'callback') {
    fields = html`<label for="phone">${w.fields.phone}</label>
<p class="note" id="phone-hint">${w.fields.phoneHint}</p>
${fieldError(language, errors, 'phone')}
<input type="tel" id="phone" name="phone" autocomplete="tel" required maxlength="40" value="${values.phone ?? ''}"${describedBy(errors, 'phone', 'phone-hint')}>
<fieldset${describedBy(errors, 'preferredTime')}>
<legend>${w.fields.time}</legend>
${fieldError(language, errors, 'preferredTime')}
${join(CALLBACK_TIMES.map((time) => html`<div class="choice"><input type="radio" id="time-${time}" name="preferredTime" value="${time}"${checked(values.preferredTime === time)}> <label for="time-${time}">${w.times[time]}</label></div>`))}
</fieldset>
<label for="note">${w.fields.callbackNote}</label>
${fieldError(language, errors, 'note')}
<textarea id="note" name="note" rows="4" maxlength="2000"${describedBy(errors, 'note')}>${values.note ?? ''}</textarea>`;
  } else if (action === 'snooze') {
    const latest = input.latestSnoozeDate ?? view.today;
    const hint = w.fields.remindOnHint(formatDate(latest, locale));
    fields = html`<label for="date">${w.fields.remindOn}</label>
<p class="note" id="date-hint">${hint}</p>
${fieldError(language, errors, 'date')}
<input type="date" id="date" name="date" required min="${addDays(view.today, 1)}" max="${latest}" value="${values.date ?? ''}"${describedBy(errors, 'date', 'date-hint')}>`;
  } else if (action === 'fewer-reminders') {
    fields = html`${fieldError(language, errors, 'confirm')}
<div class="choice"><input type="checkbox" id="confirm" name="confirm" value="yes"${describedBy(errors, 'confirm')}> <label for="confirm">${w.fields.fewerConfirm}</label></div>`;
  } else {
    fields = html`${fieldError(language, errors, 'confirm')}
<div class="choice"><input type="checkbox" id="confirm" name="confirm" value="yes"${describedBy(errors, 'confirm')}> <label for="confirm">${w.fields.confirm}</label></div>`;
  }
  const formAction = hrefTo(view, `/${action}`);
  const specialForm =
    input.unavailable || !special
      ? undefined
      : action === 'plan'
        ? planFormBody({
            record,
            offers: input.offers ?? [],
            csrf,
            action: formAction,
            ...(input.state ? { state: input.state } : {}),
          })
        : hardshipFormBody({
            record,
            csrf,
            action: formAction,
            ...(input.state ? { state: input.state } : {}),
          });
  const unavailable = input.unavailable;
  const body = unavailable
    ? html`<p>${Object.hasOwn(w.unavailable, unavailable) ? w.unavailable[unavailable as keyof typeof w.unavailable] : unavailable}</p>`
    : specialForm
      ? html`${summary}\n${specialForm.body}`
      : html`<p>${w.intro[action]}</p>
${summary}
<form method="post" action="${formAction}" novalidate>
<input type="hidden" name="csrf" value="${csrf}">
${fields}
<p><button class="button" type="submit">${w.send[action]}</button></p>
</form>`;
  return page(
    language,
    w.title[action],
    html`<h1>${w.title[action]}</h1>
<p class="balance">${formatMoney(record.balance, locale)}</p>
${body}
<p><a href="${hrefTo(view)}">${w.back}</a></p>`,
    chromeFor(view, { hasErrors: Object.keys(errors).length > 0 }),
  );
}

/**
 * The confirmation after an action. `more` is what to offer after the sentence (the dispute's "add a
 * document" link): SafeHtml, or the string documentsLink returns, written as it is.
 */
export function actionDonePage(input: {
  record: CaseRecord;
  action: DebtorAction;
  view: PortalView;
  promisedDate?: string;
  pausedUntil?: string;
  /** The callback the debtor asked for. */
  callback?: { phone: string; preferredTime: string };
  /** The date the debtor asked to be reminded on (snooze, issue 16). */
  remindOn?: string;
  /** More to offer after the sentence (the dispute's "add a document" link). */
  more?: SafeHtml | string;
}): string {
  const { view } = input;
  const locale = view.locale;
  const language = view.language;
  const w = wordsOf(language);
  const { promisedDate, pausedUntil, callback } = input;
  const sentence =
    input.action === 'promise'
      ? promisedDate && pausedUntil
        ? w.done.promise(formatDate(promisedDate, locale), formatDate(pausedUntil, locale))
        : w.doneMovedOn
      : input.action === 'hardship'
        ? pausedUntil
          ? w.done.hardship(formatDate(pausedUntil, locale))
          : w.doneMovedOn
        : input.action === 'callback'
          ? callback
            ? w.done.callback(
                callback.phone,
                callbackTimeLabel(callback.preferredTime, locale),
                pausedUntil ? formatDate(pausedUntil, locale) : undefined,
              )
            : w.doneMovedOn
          : input.action === 'snooze'
            ? input.remindOn
              ? w.done.snooze(formatDate(input.remindOn, locale))
              : w.doneMovedOn
            : input.action === 'fewer-reminders'
              ? w.done['fewer-reminders'](
                  pausedUntil ? formatDate(addDays(pausedUntil, 1), locale) : undefined,
                )
              : w.done[input.action];
  const more = typeof input.more === 'string' ? raw(input.more) : (input.more ?? '');
  return page(
    language,
    w.doneTitle,
    html`<h1>${w.doneTitle}</h1>
<p role="status">${sentence}</p>
${more}<p>${w.inHistory(html`<a href="${hrefTo(view, '/history')}">${w.historyLink}</a>`)}</p>
<p><a href="${hrefTo(view)}">${w.back}</a></p>`,
    chromeFor(view),
  );
}

/** "In the morning", "Por la tarde"…: a callback time in the debtor's language (as given if unknown). */
export function callbackTimeLabel(time: string, locale: string): string {
  const times = wordsOf(languageOf(locale)).times;
  return Object.hasOwn(times, time) ? times[time as CallbackTime] : time;
}

/**
 * Links from the account page to each action the debtor can take now. A string of HTML (the
 * handler joins it to documentsLink's and hands both to accountPage), made with the `html` tag.
 */
export function actionLinks(view: PortalView, available: (action: DebtorAction) => boolean): string {
  const w = wordsOf(view.language);
  const items = DEBTOR_ACTIONS.filter(available).map(
    (action) => html`<li><a href="${hrefTo(view, `/${action}`)}">${w.title[action]}</a></li>`,
  );
  return items.length ? html`<ul class="actions">\n${join(items)}\n</ul>`.toString() : '';
}
