import type { Language } from '../domain/language.ts';

/** The words of the phone commitments' forms on the staff case page (issue 12), in English and Spanish. */
export type CommitmentWords = {
  title: string;
  intro: string;
  promiseLegend: string;
  date: string;
  dateHint: string;
  recordPromise: string;
  planLegend: string;
  plan: (instalments: number, amount: string, intervalDays: number) => string;
  noPlans: string;
  recordPlan: string;
  problems: Record<string, string> & { unavailable: string };
};

const en: CommitmentWords = {
  title: 'Agreed on the phone',
  intro:
    'Record what the debtor agreed on a call. The portal’s rules apply, and the debtor is sent the same confirmation.',
  promiseLegend: 'A promise to pay',
  date: 'The date they will pay by',
  dateHint: 'For example 2026-12-14.',
  recordPromise: 'Record the promise',
  planLegend: 'A payment plan',
  plan: (instalments, amount, intervalDays) =>
    `${instalments} payments of about ${amount}, every ${intervalDays} days`,
  noPlans: 'No plan can be offered on this balance.',
  recordPlan: 'Record the plan',
  problems: {
    'date-format': 'Enter the date as year, month and day, for example 2026-12-14.',
    'in-the-past': 'Choose today or a later date.',
    'too-far': 'Choose an earlier date: the policy allows a promise only so far ahead.',
    'plan-required': 'Choose a plan.',
    'plan-unknown': 'That plan is no longer on offer: choose one of these.',
    unavailable:
      'This case cannot take a promise or a plan now (it is closed, disputed, legally paused or already on a plan).',
  },
};

const es: CommitmentWords = {
  title: 'Acordado por teléfono',
  intro:
    'Registre lo que el deudor acordó en una llamada. Se aplican las reglas del portal y el deudor recibe la misma confirmación.',
  promiseLegend: 'Una promesa de pago',
  date: 'La fecha en la que pagará',
  dateHint: 'Por ejemplo, 2026-12-14.',
  recordPromise: 'Registrar la promesa',
  planLegend: 'Un plan de pagos',
  plan: (instalments, amount, intervalDays) =>
    `${instalments} pagos de unos ${amount}, cada ${intervalDays} días`,
  noPlans: 'Con este saldo no se puede ofrecer ningún plan.',
  recordPlan: 'Registrar el plan',
  problems: {
    'date-format': 'Escriba la fecha como año, mes y día, por ejemplo 2026-12-14.',
    'in-the-past': 'Elija hoy o una fecha posterior.',
    'too-far': 'Elija una fecha anterior: la política solo permite una promesa hasta cierto plazo.',
    'plan-required': 'Elija un plan.',
    'plan-unknown': 'Ese plan ya no se ofrece: elija uno de estos.',
    unavailable:
      'Este caso no admite ahora una promesa ni un plan (está cerrado, en reclamación, en pausa legal o ya tiene un plan).',
  },
};

export const commitmentWords = (language: Language): CommitmentWords => (language === 'es' ? es : en);
