import type { CaseRecord } from '../domain/case.ts';
import { formatDate } from '../domain/dates.ts';
import { type Language, languageOf } from '../domain/language.ts';
import { formatMoney } from '../domain/money.ts';
import { HARDSHIP_REASONS } from '../domain/plan-journey.ts';
import type { PlanOffer } from '../domain/plans.ts';
import { words } from '../i18n/catalogue.ts';
import type { PlanWords } from '../i18n/types.ts';
import { html, join, type SafeHtml } from '../views/html.ts';

/** The plan and hardship forms, pure: each plan shown with its dates, amounts and total. */
const wordsOf = (language: Language) => words(language).plans;

/** An error of the plan or hardship form in words, for the error summary (undefined if not theirs). */
export function planErrorText(language: Language, code: string): string | undefined {
  const errors = wordsOf(language).errors;
  return Object.hasOwn(errors, code) ? errors[code as keyof typeof errors] : undefined;
}

type FormState = { values: Record<string, string>; errors: Record<string, string> };

const errorLine = (language: Language, errors: Record<string, string>, field: string) => {
  const code = errors[field];
  return code ? html`<p class="error" id="${field}-error">${planErrorText(language, code) ?? code}</p>` : '';
};

function planTable(offer: PlanOffer, locale: string, w: PlanWords): SafeHtml {
  const rows = offer.instalments.map(
    (i) =>
      html`<tr><td>${formatDate(i.dueDate, locale)}</td><td class="amount">${formatMoney(i.amount, locale)}</td></tr>`,
  );
  return html`<table><thead><tr><th scope="col">${w.date}</th><th scope="col" class="amount">${w.amount}</th></tr></thead>
<tbody>
${join(rows)}
</tbody>
<tfoot><tr><th scope="row">${w.total}</th><td class="amount">${formatMoney(offer.total, locale)}</td></tr></tfoot></table>`;
}

/** The plan form's body (the page frame is the caller's). */
export function planFormBody(input: {
  record: CaseRecord;
  offers: PlanOffer[];
  csrf: string;
  action: string;
  state?: FormState;
}): {
  title: string;
  body: SafeHtml;
} {
  const locale = input.record.debtor.locale;
  const language = languageOf(locale);
  const w = wordsOf(language);
  const errors = input.state?.errors ?? {};
  if (input.offers.length === 0) return { title: w.planTitle, body: html`<p>${w.noPlans}</p>` };
  const options = input.offers.map((offer) => {
    const first = offer.instalments[0];
    const label = w.option(
      offer.instalments.length,
      formatMoney(first?.amount ?? offer.total, locale),
      first ? formatDate(first.dueDate, locale) : '',
    );
    const checked = input.state?.values.planId === offer.id ? html` checked` : '';
    return html`<div class="plan">
<input type="radio" id="plan-${offer.id}" name="planId" value="${offer.id}"${checked}> <label for="plan-${offer.id}">${label}</label>
${offer.hardship ? html`<p class="note">${w.sized}</p>` : ''}
${planTable(offer, locale, w)}
${offer.remainder.amount > 0 ? html`<p class="note">${w.remainder(offer.remainder.amount)}</p>` : ''}
</div>`;
  });
  return {
    title: w.planTitle,
    body: html`<p>${w.planIntro}</p>
<form method="post" action="${input.action}" novalidate>
<input type="hidden" name="csrf" value="${input.csrf}">
<fieldset${errors.planId ? html` aria-describedby="planId-error"` : ''}>
<legend>${w.planLegend}</legend>
${errorLine(language, errors, 'planId')}
${join(options)}
</fieldset>
<p><button class="button" type="submit">${w.accept}</button></p>
</form>`,
  };
}

/** The hardship form's body (the page frame is the caller's). */
export function hardshipFormBody(input: {
  record: CaseRecord;
  csrf: string;
  action: string;
  state?: FormState;
}): { title: string; body: SafeHtml } {
  const locale = input.record.debtor.locale;
  const language = languageOf(locale);
  const w = wordsOf(language);
  const values = input.state?.values ?? {};
  const errors = input.state?.errors ?? {};
  const invalid = (field: string) =>
    errors[field]
      ? html` aria-invalid="true" aria-describedby="${field === 'affordable' ? 'affordable-hint ' : ''}${field}-error"`
      : field === 'affordable'
        ? html` aria-describedby="affordable-hint"`
        : '';
  return {
    title: w.hardshipTitle,
    body: html`<p>${w.hardshipIntro}</p>
<form method="post" action="${input.action}" novalidate>
<input type="hidden" name="csrf" value="${input.csrf}">
<fieldset${errors.reason ? html` aria-describedby="reason-error"` : ''}>
<legend>${w.reasonLegend}</legend>
${errorLine(language, errors, 'reason')}
${join(HARDSHIP_REASONS.map((reason) => html`<div class="choice"><input type="radio" id="reason-${reason}" name="reason" value="${reason}"${values.reason === reason ? html` checked` : ''}> <label for="reason-${reason}">${w.reasons[reason]}</label></div>`))}
</fieldset>
<label for="affordable">${w.affordable(input.record.balance.currency)}</label>
<p class="note" id="affordable-hint">${w.affordableHint}</p>
${errorLine(language, errors, 'affordable')}
<input type="text" inputmode="decimal" id="affordable" name="affordable" value="${values.affordable ?? ''}"${invalid('affordable')}>
<label for="note">${w.note}</label>
${errorLine(language, errors, 'note')}
<textarea id="note" name="note" rows="4" maxlength="2000"${invalid('note')}>${values.note ?? ''}</textarea>
<p><button class="button" type="submit">${w.send}</button></p>
</form>`,
  };
}
