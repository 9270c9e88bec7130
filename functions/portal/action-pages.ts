import type { CaseRecord } from '../domain/case.ts';
import { formatDate } from '../domain/dates.ts';
import {
  CALLBACK_TIMES,
  type CallbackTime,
  DEBTOR_ACTIONS,
  type DebtorAction,
  DISPUTE_REASONS,
} from '../domain/debtor-actions.ts';
import { escapeHtml as e, type Language, languageOf } from '../domain/language.ts';
import { formatMoney } from '../domain/money.ts';
import type { PlanOffer } from '../domain/plans.ts';
import { errorSummary } from './error-summary.ts';
import { page } from './layout.ts';
import { hardshipFormBody, planErrorText, planFormBody } from './plan-pages.ts';
import { chromeFor, hrefTo, type PortalView } from './view.ts';

/**
 * The portal's action forms and confirmations, pure. Server-rendered HTML forms that work without
 * JavaScript; an invalid form comes back with the values kept and each error beside its field.
 */
type Words = {
  back: string;
  send: Record<DebtorAction, string>;
  title: Record<DebtorAction, string>;
  intro: Record<DebtorAction, string>;
  fields: {
    date: string;
    dateHint: (latest: string) => string;
    reason: string;
    note: string;
    confirm: string;
    phone: string;
    phoneHint: string;
    time: string;
    callbackNote: string;
  };
  reasons: Record<(typeof DISPUTE_REASONS)[number], string>;
  /** The choices on the callback form; the acknowledgement email repeats the chosen one. */
  times: Record<CallbackTime, string>;
  errors: Record<string, string>;
  unavailable: Record<string, string>;
  done: {
    promise: (date: string, until: string) => string;
    plan: string;
    hardship: (until: string) => string;
    dispute: string;
    callback: (phone: string, time: string, until?: string) => string;
    'stop-emails': string;
  };
  /** The confirmation read again once the case has moved on (the pause it set is over or replaced). */
  doneMovedOn: string;
  doneTitle: string;
  /** After every confirmation: where the debtor can see it from now on. */
  inHistory: (link: string) => string;
};

const WORDS: Record<Language, Words> = {
  en: {
    back: 'Back to your account',
    send: {
      promise: 'Promise this date',
      plan: 'Agree to this plan',
      hardship: 'Send',
      dispute: 'Send my dispute',
      callback: 'Ask for a call',
      'stop-emails': 'Stop the emails',
    },
    title: {
      promise: 'Promise a date to pay',
      plan: 'Set up a payment plan',
      hardship: 'Tell us you’re struggling',
      dispute: 'Dispute this',
      callback: 'Talk to a person',
      'stop-emails': 'Email preferences',
    },
    intro: {
      promise: 'Tell us when you will pay and we will pause reminders until then.',
      plan: '',
      hardship: '',
      dispute:
        'If something about this bill is wrong, tell us. We stop collecting at once while our team looks into it.',
      callback:
        'Leave your number and someone from our team will call you. We pause reminders for a few days so you can talk it through with us first.',
      'stop-emails':
        'You can stop these emails. We will not email you again about this account; someone from our team will contact you another way.',
    },
    fields: {
      date: 'Date you will pay',
      dateHint: (latest) => `Any date from today up to ${latest}.`,
      reason: 'What is wrong?',
      note: 'Anything else we should know (optional)',
      confirm: 'Yes, stop emailing me about this account',
      phone: 'Phone number',
      phoneHint: 'The number we should call, for example +44 20 7946 0958.',
      time: 'When should we call?',
      callbackNote: 'Anything we should know before we call (optional)',
    },
    reasons: {
      'wrong-amount': 'The amount is wrong',
      'not-received': 'I did not receive what I was billed for',
      'already-paid': 'I have already paid',
      'not-mine': 'This is not my account',
      other: 'Something else',
    },
    times: {
      morning: 'In the morning',
      afternoon: 'In the afternoon',
      evening: 'In the evening',
    },
    errors: {
      'date-format': 'Enter the date as year, month and day, for example 2026-12-14.',
      'in-the-past': 'Choose today or a later date.',
      'too-far': 'Choose an earlier date: we can pause reminders for a limited time only.',
      'reason-required': 'Choose what is wrong.',
      'note-too-long': 'Keep the note under 2,000 characters.',
      'confirm-required': 'Tick the box to confirm.',
      'plan-required': 'Choose a plan.',
      'plan-unknown': 'That plan is no longer on offer: choose one of these.',
      'amount-required': 'Enter an amount, even 0.',
      'amount-format': 'Enter the amount in numbers, for example 50 or 50.00.',
      'phone-required': 'Enter the phone number we should call.',
      'phone-format':
        'Enter a phone number of 6 to 20 digits; spaces, +, - and brackets are fine, for example +44 20 7946 0958.',
      'time-required': 'Choose when we should call.',
    },
    unavailable: {
      'case-closed': 'There is nothing to do here: this account is no longer being collected.',
      'already-stopped': 'You have already stopped these emails.',
      'dispute-open':
        'Your dispute is with our team; collection stays stopped until they have looked into it.',
      'legal-pause': 'Collection is paused on this account, so there is nothing you need to do now.',
      'plan-active':
        'You already have a payment plan for this account; the dates are in the email we sent you.',
      'hardship-declared':
        'We have paused collection while you sort things out; we will write to you with a plan.',
      'callback-requested':
        'We have your request: someone from our team will call you, and reminders stay paused until then.',
    },
    done: {
      promise: (date, until) =>
        `Thank you. We have paused reminders: please pay by ${date}; if we have not received it by ${until}, reminders will start again.`,
      plan: 'Thank you. Your plan is agreed: we have emailed you the dates and amounts, and we will remind you a few days before each payment.',
      hardship: (until) =>
        `Thank you for telling us. We have paused collection until ${until}; then we will offer you a plan that fits what you can pay.`,
      dispute:
        'Thank you. We have stopped collecting while our team looks into your dispute, and we will write to you with the outcome.',
      callback: (phone, time, until) =>
        `Thank you. Someone from our team will call you on ${phone} ${time.toLowerCase()}${until ? `, and we will not send you reminders until ${until}` : ''}.`,
      'stop-emails':
        'Done. We will not email you again about this account; someone from our team will be in touch another way.',
    },
    doneMovedOn:
      'Thank you. We have recorded it. Things have moved on since: your account page shows where they stand now.',
    doneTitle: 'Thank you',
    inHistory: (link) => `It now appears in your ${link}.`,
  },
  es: {
    back: 'Volver a su cuenta',
    send: {
      promise: 'Comprometerme a esta fecha',
      plan: 'Acepto este plan',
      hardship: 'Enviar',
      dispute: 'Enviar mi reclamación',
      callback: 'Pedir que me llamen',
      'stop-emails': 'Dejar de recibir correos',
    },
    title: {
      promise: 'Comprometerse a una fecha de pago',
      plan: 'Acordar un plan de pagos',
      hardship: 'Díganos si está pasando por dificultades',
      dispute: 'Reclamar esta factura',
      callback: 'Hablar con una persona',
      'stop-emails': 'Preferencias de correo',
    },
    intro: {
      promise: 'Díganos cuándo va a pagar y pausaremos los recordatorios hasta entonces.',
      plan: '',
      hardship: '',
      dispute:
        'Si algo de esta factura no es correcto, díganoslo. Dejamos de reclamar el pago mientras nuestro equipo lo revisa.',
      callback:
        'Déjenos su número y alguien de nuestro equipo le llamará. Pausamos los recordatorios unos días para que pueda hablarlo antes con nosotros.',
      'stop-emails':
        'Puede dejar de recibir estos correos. No volveremos a escribirle por correo electrónico sobre esta cuenta; alguien de nuestro equipo se pondrá en contacto de otra forma.',
    },
    fields: {
      date: 'Fecha en que pagará',
      dateHint: (latest) => `Cualquier fecha desde hoy hasta el ${latest}.`,
      reason: '¿Qué no es correcto?',
      note: '¿Algo más que debamos saber? (opcional)',
      confirm: 'Sí, no quiero más correos sobre esta cuenta',
      phone: 'Número de teléfono',
      phoneHint: 'El número al que debemos llamarle; por ejemplo, +34 912 345 678.',
      time: '¿Cuándo prefiere que le llamemos?',
      callbackNote: '¿Algo que debamos saber antes de llamarle? (opcional)',
    },
    reasons: {
      'wrong-amount': 'El importe no es correcto',
      'not-received': 'No recibí lo que se me factura',
      'already-paid': 'Ya he pagado',
      'not-mine': 'Esta cuenta no es mía',
      other: 'Otra cosa',
    },
    times: {
      morning: 'Por la mañana',
      afternoon: 'Por la tarde',
      evening: 'Por la noche',
    },
    errors: {
      'date-format': 'Escriba la fecha como año, mes y día; por ejemplo, 2026-12-14.',
      'in-the-past': 'Elija hoy o una fecha posterior.',
      'too-far': 'Elija una fecha anterior: solo podemos pausar los recordatorios por un tiempo limitado.',
      'reason-required': 'Elija qué no es correcto.',
      'note-too-long': 'La nota debe tener menos de 2000 caracteres.',
      'confirm-required': 'Marque la casilla para confirmar.',
      'plan-required': 'Elija un plan.',
      'plan-unknown': 'Ese plan ya no está disponible: elija uno de estos.',
      'amount-required': 'Escriba una cantidad, aunque sea 0.',
      'amount-format': 'Escriba la cantidad en números; por ejemplo, 50 o 50,00.',
      'phone-required': 'Escriba el número al que debemos llamarle.',
      'phone-format':
        'Escriba un número de teléfono de 6 a 20 cifras; puede usar espacios, +, - y paréntesis. Por ejemplo, +34 912 345 678.',
      'time-required': 'Elija cuándo prefiere que le llamemos.',
    },
    unavailable: {
      'case-closed': 'No hay nada que hacer aquí: ya no se reclama esta cuenta.',
      'already-stopped': 'Ya ha dejado de recibir estos correos.',
      'dispute-open':
        'Nuestro equipo está revisando su reclamación; no le reclamaremos el pago hasta que termine.',
      'legal-pause': 'El cobro de esta cuenta está en pausa; no tiene que hacer nada ahora.',
      'plan-active':
        'Ya tiene un plan de pagos para esta cuenta; las fechas están en el correo que le enviamos.',
      'hardship-declared': 'Hemos pausado el cobro mientras se organiza; le escribiremos con un plan.',
      'callback-requested':
        'Ya tenemos su petición: alguien de nuestro equipo le llamará, y los recordatorios siguen en pausa hasta entonces.',
    },
    done: {
      promise: (date, until) =>
        `Gracias. Hemos pausado los recordatorios: pague antes del ${date}; si el ${until} no lo hemos recibido, los recordatorios volverán a empezar.`,
      plan: 'Gracias. Su plan está acordado: le hemos enviado por correo las fechas y los importes, y le recordaremos cada pago unos días antes.',
      hardship: (until) =>
        `Gracias por contárnoslo. Hemos pausado el cobro hasta el ${until}; después le ofreceremos un plan que se ajuste a lo que pueda pagar.`,
      dispute:
        'Gracias. Hemos dejado de reclamar el pago mientras nuestro equipo revisa su reclamación, y le escribiremos con el resultado.',
      callback: (phone, time, until) =>
        `Gracias. Alguien de nuestro equipo le llamará al ${phone} ${time.toLowerCase()}${until ? `, y no le enviaremos recordatorios hasta el ${until}` : ''}.`,
      'stop-emails':
        'Hecho. No volveremos a escribirle por correo electrónico sobre esta cuenta; alguien de nuestro equipo se pondrá en contacto de otra forma.',
    },
    doneMovedOn:
      'Gracias. Lo hemos registrado. Desde entonces la situación ha cambiado: la página de su cuenta muestra cómo está ahora.',
    doneTitle: 'Gracias',
    inHistory: (link) => `Ya aparece en su ${link}.`,
  },
};

export type FormState = { values: Record<string, string>; errors: Record<string, string> };

const fieldError = (w: Words, errors: Record<string, string>, field: string) =>
  errors[field]
    ? `<p class="error" id="${field}-error">${e(w.errors[errors[field]] ?? errors[field])}</p>`
    : '';
const describedBy = (errors: Record<string, string>, field: string, hint?: string) => {
  const ids = [hint, errors[field] ? `${field}-error` : undefined].filter(Boolean).join(' ');
  return ids ? ` aria-describedby="${ids}"${errors[field] ? ' aria-invalid="true"' : ''}` : '';
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
  /** The plans on offer, for the plan form. */
  offers?: PlanOffer[];
  state?: FormState;
  unavailable?: string;
}): string {
  const { action, view, csrf } = input;
  const record = inLocale(input.record, view);
  const locale = view.locale;
  const language = view.language;
  const w = WORDS[language];
  const values = input.state?.values ?? {};
  const errors = input.state?.errors ?? {};
  const special = action === 'plan' || action === 'hardship';
  const summary = errorSummary(
    language,
    Object.entries(errors).map(([field, code]) => ({
      anchor: fieldAnchor(action, field, input.offers ?? []),
      message: (special ? planErrorText(language, code) : undefined) ?? w.errors[code] ?? code,
    })),
  );
  let fields = '';
  if (action === 'promise') {
    const hint = w.fields.dateHint(formatDate(input.latestPromiseDate, locale));
    fields = `<label for="date">${w.fields.date}</label>
<p class="note" id="date-hint">${e(hint)}</p>
${fieldError(w, errors, 'date')}
<input type="date" id="date" name="date" required max="${input.latestPromiseDate}" value="${e(values.date ?? '')}"${describedBy(errors, 'date', 'date-hint')}>`;
  } else if (action === 'dispute') {
    fields = `<fieldset${describedBy(errors, 'reason')}>
<legend>${w.fields.reason}</legend>
${fieldError(w, errors, 'reason')}
${DISPUTE_REASONS.map((reason) => `<div class="choice"><input type="radio" id="reason-${reason}" name="reason" value="${reason}"${values.reason === reason ? ' checked' : ''}> <label for="reason-${reason}">${w.reasons[reason]}</label></div>`).join('\n')}
</fieldset>
<label for="note">${w.fields.note}</label>
${fieldError(w, errors, 'note')}
<textarea id="note" name="note" rows="5" maxlength="2000"${describedBy(errors, 'note')}>${e(values.note ?? '')}</textarea>`;
  } else if (action === 'callback') {
    fields = `<label for="phone">${w.fields.phone}</label>
<p class="note" id="phone-hint">${e(w.fields.phoneHint)}</p>
${fieldError(w, errors, 'phone')}
<input type="tel" id="phone" name="phone" autocomplete="tel" required maxlength="40" value="${e(values.phone ?? '')}"${describedBy(errors, 'phone', 'phone-hint')}>
<fieldset${describedBy(errors, 'preferredTime')}>
<legend>${w.fields.time}</legend>
${fieldError(w, errors, 'preferredTime')}
${CALLBACK_TIMES.map((time) => `<div class="choice"><input type="radio" id="time-${time}" name="preferredTime" value="${time}"${values.preferredTime === time ? ' checked' : ''}> <label for="time-${time}">${w.times[time]}</label></div>`).join('\n')}
</fieldset>
<label for="note">${w.fields.callbackNote}</label>
${fieldError(w, errors, 'note')}
<textarea id="note" name="note" rows="4" maxlength="2000"${describedBy(errors, 'note')}>${e(values.note ?? '')}</textarea>`;
  } else {
    fields = `${fieldError(w, errors, 'confirm')}
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
  const body = input.unavailable
    ? `<p>${e(w.unavailable[input.unavailable] ?? input.unavailable)}</p>`
    : specialForm
      ? `${summary}\n${specialForm.body}`
      : `<p>${w.intro[action]}</p>
${summary}
<form method="post" action="${e(formAction)}" novalidate>
<input type="hidden" name="csrf" value="${e(csrf)}">
${fields}
<p><button class="button" type="submit">${w.send[action]}</button></p>
</form>`;
  return page(
    language,
    w.title[action],
    `<h1>${w.title[action]}</h1>
<p class="balance">${e(formatMoney(record.balance, locale))}</p>
${body}
<p><a href="${e(hrefTo(view))}">${w.back}</a></p>`,
    chromeFor(view, { hasErrors: Object.keys(errors).length > 0 }),
  );
}

export function actionDonePage(input: {
  record: CaseRecord;
  action: DebtorAction;
  view: PortalView;
  promisedDate?: string;
  pausedUntil?: string;
  /** The callback the debtor asked for. */
  callback?: { phone: string; preferredTime: string };
  /** More to offer after the sentence (the dispute's "add a document" link). */
  more?: string;
}): string {
  const { view } = input;
  const locale = view.locale;
  const language = view.language;
  const w = WORDS[language];
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
          : w.done[input.action];
  return page(
    language,
    w.doneTitle,
    `<h1>${w.doneTitle}</h1>
<p role="status">${e(sentence)}</p>
${input.more ?? ''}<p>${w.inHistory(`<a href="${e(hrefTo(view, '/history'))}">${language === 'es' ? 'historial' : 'History'}</a>`)}</p>
<p><a href="${e(hrefTo(view))}">${w.back}</a></p>`,
    chromeFor(view),
  );
}

/** "In the morning", "Por la tarde"…: a callback time in the debtor's language (as given if unknown). */
export function callbackTimeLabel(time: string, locale: string): string {
  const times = WORDS[languageOf(locale)].times;
  return Object.hasOwn(times, time) ? times[time as CallbackTime] : time;
}

/** Links from the account page to each action the debtor can take now. */
export function actionLinks(view: PortalView, available: (action: DebtorAction) => boolean): string {
  const w = WORDS[view.language];
  const items = DEBTOR_ACTIONS.filter(available).map(
    (action) => `<li><a href="${e(hrefTo(view, `/${action}`))}">${w.title[action]}</a></li>`,
  );
  return items.length ? `<ul class="actions">\n${items.join('\n')}\n</ul>` : '';
}
