import type { CaseRecord } from '../domain/case.ts';
import { formatDate } from '../domain/dates.ts';
import { escapeHtml as e, type Language, languageOf } from '../domain/language.ts';
import { formatMoney } from '../domain/money.ts';
import { HARDSHIP_REASONS } from '../domain/plan-journey.ts';
import type { PlanOffer } from '../domain/plans.ts';

/** The plan and hardship forms, pure: each plan shown with its dates, amounts and total. */
const WORDS = {
  en: {
    planTitle: 'Set up a payment plan',
    planIntro:
      'Choose how you would like to spread the balance. Every plan adds up exactly to what you owe; nothing is added.',
    planLegend: 'Plans you can choose',
    option: (count: number, amount: string, first: string) =>
      `${count} payments of about ${amount}, the first on ${first}`,
    date: 'Date',
    amount: 'Amount',
    total: 'Total',
    remainder: (n: number) =>
      `The last ${n === 1 ? 'payment is' : `${n} payments are`} one penny/cent more, so the total is exact.`,
    sized: 'Sized to what you told us you can afford.',
    noPlans:
      'We cannot offer a plan for this balance online. Reply to any of our emails and a person will help.',
    accept: 'Agree to this plan',
    hardshipTitle: 'Tell us you’re struggling',
    hardshipIntro:
      'If money is tight right now, tell us. We will pause collection while you sort things out, and then offer a plan that fits what you can pay.',
    reasonLegend: 'What has happened?',
    reasons: {
      'job-loss': 'I lost my job or income',
      illness: 'Illness',
      bereavement: 'Bereavement',
      other: 'Something else',
    },
    affordable: (currency: string) => `How much could you pay each month? (${currency})`,
    affordableHint: 'An honest amount, even if it is small. You can write 0.',
    note: 'Anything else you would like us to know (optional)',
    send: 'Send',
    errors: {
      'plan-required': 'Choose a plan.',
      'plan-unknown': 'That plan is no longer on offer: choose one of these.',
      'reason-required': 'Choose what has happened.',
      'amount-required': 'Enter an amount, even 0.',
      'amount-format': 'Enter the amount in numbers, for example 50 or 50.00.',
      'note-too-long': 'Keep the note under 2,000 characters.',
    } as Record<string, string>,
  },
  es: {
    planTitle: 'Acordar un plan de pagos',
    planIntro:
      'Elija cómo quiere repartir el saldo. Todos los planes suman exactamente lo que debe; no se añade nada.',
    planLegend: 'Planes que puede elegir',
    option: (count: number, amount: string, first: string) =>
      `${count} pagos de unos ${amount}; el primero, el ${first}`,
    date: 'Fecha',
    amount: 'Importe',
    total: 'Total',
    remainder: (n: number) =>
      `${n === 1 ? 'El último pago lleva' : `Los últimos ${n} pagos llevan`} un céntimo más para que el total sea exacto.`,
    sized: 'Ajustado a lo que nos dijo que puede pagar.',
    noPlans:
      'No podemos ofrecerle un plan en línea para este saldo. Responda a cualquiera de nuestros correos y una persona le ayudará.',
    accept: 'Acepto este plan',
    hardshipTitle: 'Díganos si está pasando por dificultades',
    hardshipIntro:
      'Si ahora mismo le cuesta pagar, díganoslo. Pausaremos el cobro mientras se organiza y después le ofreceremos un plan que se ajuste a lo que pueda pagar.',
    reasonLegend: '¿Qué ha pasado?',
    reasons: {
      'job-loss': 'He perdido mi trabajo o mis ingresos',
      illness: 'Enfermedad',
      bereavement: 'Un fallecimiento',
      other: 'Otra cosa',
    },
    affordable: (currency: string) => `¿Cuánto podría pagar al mes? (${currency})`,
    affordableHint: 'Una cantidad realista, aunque sea pequeña. Puede escribir 0.',
    note: '¿Algo más que quiera contarnos? (opcional)',
    send: 'Enviar',
    errors: {
      'plan-required': 'Elija un plan.',
      'plan-unknown': 'Ese plan ya no está disponible: elija uno de estos.',
      'reason-required': 'Elija qué ha pasado.',
      'amount-required': 'Escriba una cantidad, aunque sea 0.',
      'amount-format': 'Escriba la cantidad en números; por ejemplo, 50 o 50,00.',
      'note-too-long': 'La nota debe tener menos de 2000 caracteres.',
    } as Record<string, string>,
  },
} satisfies Record<Language, unknown>;

/** An error of the plan or hardship form in words, for the error summary (undefined if not theirs). */
export function planErrorText(language: Language, code: string): string | undefined {
  return WORDS[language].errors[code];
}

type FormState = { values: Record<string, string>; errors: Record<string, string> };

const errorLine = (w: (typeof WORDS)['en'], errors: Record<string, string>, field: string) =>
  errors[field]
    ? `<p class="error" id="${field}-error">${e(w.errors[errors[field]] ?? errors[field])}</p>`
    : '';

function planTable(offer: PlanOffer, locale: string, w: (typeof WORDS)['en']): string {
  const rows = offer.instalments
    .map(
      (i) =>
        `<tr><td>${e(formatDate(i.dueDate, locale))}</td><td class="amount">${e(formatMoney(i.amount, locale))}</td></tr>`,
    )
    .join('\n');
  return `<table><thead><tr><th scope="col">${w.date}</th><th scope="col" class="amount">${w.amount}</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot><tr><th scope="row">${w.total}</th><td class="amount">${e(formatMoney(offer.total, locale))}</td></tr></tfoot></table>`;
}

export function planFormBody(input: {
  record: CaseRecord;
  offers: PlanOffer[];
  csrf: string;
  action: string;
  state?: FormState;
}): {
  title: string;
  body: string;
} {
  const locale = input.record.debtor.locale;
  const w = WORDS[languageOf(locale)];
  const errors = input.state?.errors ?? {};
  if (input.offers.length === 0) return { title: w.planTitle, body: `<p>${w.noPlans}</p>` };
  const options = input.offers
    .map((offer) => {
      const first = offer.instalments[0];
      const label = w.option(
        offer.instalments.length,
        formatMoney(first?.amount ?? offer.total, locale),
        first ? formatDate(first.dueDate, locale) : '',
      );
      const checked = input.state?.values.planId === offer.id ? ' checked' : '';
      return `<div class="plan">
<input type="radio" id="plan-${offer.id}" name="planId" value="${offer.id}"${checked}> <label for="plan-${offer.id}">${e(label)}</label>
${offer.hardship ? `<p class="note">${w.sized}</p>` : ''}
${planTable(offer, locale, w)}
${offer.remainder.amount > 0 ? `<p class="note">${w.remainder(offer.remainder.amount)}</p>` : ''}
</div>`;
    })
    .join('\n');
  return {
    title: w.planTitle,
    body: `<p>${w.planIntro}</p>
<form method="post" action="${e(input.action)}" novalidate>
<input type="hidden" name="csrf" value="${e(input.csrf)}">
<fieldset${errors.planId ? ' aria-describedby="planId-error"' : ''}>
<legend>${w.planLegend}</legend>
${errorLine(w, errors, 'planId')}
${options}
</fieldset>
<p><button class="button" type="submit">${w.accept}</button></p>
</form>`,
  };
}

export function hardshipFormBody(input: {
  record: CaseRecord;
  csrf: string;
  action: string;
  state?: FormState;
}): { title: string; body: string } {
  const locale = input.record.debtor.locale;
  const w = WORDS[languageOf(locale)];
  const values = input.state?.values ?? {};
  const errors = input.state?.errors ?? {};
  const invalid = (field: string) =>
    errors[field]
      ? ` aria-invalid="true" aria-describedby="${field === 'affordable' ? 'affordable-hint ' : ''}${field}-error"`
      : field === 'affordable'
        ? ' aria-describedby="affordable-hint"'
        : '';
  return {
    title: w.hardshipTitle,
    body: `<p>${w.hardshipIntro}</p>
<form method="post" action="${e(input.action)}" novalidate>
<input type="hidden" name="csrf" value="${e(input.csrf)}">
<fieldset${errors.reason ? ' aria-describedby="reason-error"' : ''}>
<legend>${w.reasonLegend}</legend>
${errorLine(w, errors, 'reason')}
${HARDSHIP_REASONS.map((reason) => `<div class="choice"><input type="radio" id="reason-${reason}" name="reason" value="${reason}"${values.reason === reason ? ' checked' : ''}> <label for="reason-${reason}">${w.reasons[reason]}</label></div>`).join('\n')}
</fieldset>
<label for="affordable">${e(w.affordable(input.record.balance.currency))}</label>
<p class="note" id="affordable-hint">${w.affordableHint}</p>
${errorLine(w, errors, 'affordable')}
<input type="text" inputmode="decimal" id="affordable" name="affordable" value="${e(values.affordable ?? '')}"${invalid('affordable')}>
<label for="note">${w.note}</label>
${errorLine(w, errors, 'note')}
<textarea id="note" name="note" rows="4" maxlength="2000"${invalid('note')}>${e(values.note ?? '')}</textarea>
<p><button class="button" type="submit">${w.send}</button></p>
</form>`,
  };
}
