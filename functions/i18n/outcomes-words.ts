import type { Language } from '../domain/language.ts';
import type { OutcomeSegment, Resolution } from '../domain/outcomes.ts';

/** The Outcomes page's words (issue 12), in English and Spanish. */
export type OutcomesWords = {
  title: string;
  intro: string;
  from: string;
  to: string;
  segment: string;
  segments: Record<OutcomeSegment, string>;
  show: string;
  download: string;
  errors: { from: string; to: string; order: string; length: string; segment: string };
  figures: string;
  figure: string;
  value: string;
  opened: string;
  resolved: string;
  resolutions: Record<Resolution, string>;
  collected: (currency: string) => string;
  recoveryRate: (currency: string) => string;
  medianDays: string;
  withoutAgency: string;
  contactsPerResolved: string;
  promisesKept: string;
  plansCompleted: string;
  disputesUpheld: string;
  survey: string;
  heldBack: string;
  none: string;
  of: (part: number, whole: number) => string;
  days: (days: number) => string;
  surveyValue: (average: string, count: number) => string;
  heldBackValue: (withheld: number, deferred: number) => string;
  perDayChart: string;
  perDayDescription: string;
  day: string;
  byOutcomeChart: string;
  byOutcomeDescription: string;
  outcome: string;
  cases: string;
  collectedChart: (currency: string) => string;
  collectedDescription: (currency: string) => string;
  amount: string;
  nothingCollected: string;
  csv: { day: string; segment: string; counters: Record<string, string> };
};

const en: OutcomesWords = {
  title: 'Outcomes',
  intro: 'What the collections achieved, and how: for a period and a segment. Counted in UTC days.',
  from: 'From',
  to: 'To',
  segment: 'Segment',
  segments: { consumer: 'Consumers', 'small-business': 'Small businesses', enterprise: 'Enterprises' },
  show: 'Show',
  download: 'Download as CSV',
  errors: {
    from: 'Enter the first day as a date',
    to: 'Enter the last day as a date',
    order: 'The first day must not be after the last day',
    length: 'Choose a period of 92 days or fewer',
    segment: 'Choose a segment',
  },
  figures: 'The figures',
  figure: 'Figure',
  value: 'Value',
  opened: 'Cases opened',
  resolved: 'Cases resolved',
  resolutions: {
    paid: 'Paid',
    credited: 'Credited',
    'written-off': 'Written off',
    placed: 'Placed with the agency',
  },
  collected: (currency) => `Amount collected (${currency})`,
  recoveryRate: (currency) => `Recovery rate (${currency}: collected of what fell due)`,
  medianDays: 'Median days to resolution',
  withoutAgency: 'Resolved without an agency',
  contactsPerResolved: 'Contacts per resolved case',
  promisesKept: 'Promises kept',
  plansCompleted: 'Plans completed',
  disputesUpheld: 'Disputes upheld',
  survey: 'Survey score',
  heldBack: 'Messages the guardrails held back',
  none: 'None',
  of: (part, whole) => `${part} of ${whole}`,
  days: (days) => (days === 1 ? '1 day' : `${days} days`),
  surveyValue: (average, count) => `${average} out of 5 (${count} ${count === 1 ? 'answer' : 'answers'})`,
  heldBackValue: (withheld, deferred) => `${withheld} withheld, ${deferred} deferred`,
  perDayChart: 'Cases opened and resolved, by day',
  perDayDescription:
    'Bars for each day: cases opened, then cases resolved. The table beside it has the numbers.',
  day: 'Day',
  byOutcomeChart: 'Cases resolved, by outcome',
  byOutcomeDescription: 'One bar for each outcome. The table beside it has the numbers.',
  outcome: 'Outcome',
  cases: 'Cases',
  collectedChart: (currency) => `Amount collected by day (${currency})`,
  collectedDescription: (currency) => `One bar for each day: the amount collected in ${currency}.`,
  amount: 'Amount',
  nothingCollected: 'Nothing was collected in this period.',
  csv: {
    day: 'day',
    segment: 'segment',
    counters: {
      opened: 'cases opened',
      resolved_paid: 'resolved paid',
      resolved_credited: 'resolved credited',
      'resolved_written-off': 'resolved written off',
      resolved_placed: 'resolved placed with the agency',
      contacts: 'contacts',
      promisesMade: 'promises made',
      promisesKept: 'promises kept',
      promisesBroken: 'promises broken',
      plansAgreed: 'plans agreed',
      plansCompleted: 'plans completed',
      plansBroken: 'plans broken',
      disputesOpened: 'disputes opened',
      disputesResolved: 'disputes resolved',
      disputesUpheld: 'disputes upheld',
      surveySum: 'survey score total',
      surveyCount: 'survey answers',
      withheld: 'messages withheld',
      deferred: 'messages deferred',
    },
  },
};

const es: OutcomesWords = {
  title: 'Resultados',
  intro: 'Lo que se ha logrado en el cobro, y cómo: para un periodo y un segmento. Contado en días UTC.',
  from: 'Desde',
  to: 'Hasta',
  segment: 'Segmento',
  segments: {
    consumer: 'Particulares',
    'small-business': 'Pequeñas empresas',
    enterprise: 'Grandes empresas',
  },
  show: 'Mostrar',
  download: 'Descargar en CSV',
  errors: {
    from: 'Escriba el primer día como una fecha',
    to: 'Escriba el último día como una fecha',
    order: 'El primer día no puede ser posterior al último',
    length: 'Elija un periodo de 92 días o menos',
    segment: 'Elija un segmento',
  },
  figures: 'Las cifras',
  figure: 'Cifra',
  value: 'Valor',
  opened: 'Casos abiertos',
  resolved: 'Casos resueltos',
  resolutions: {
    paid: 'Pagados',
    credited: 'Abonados',
    'written-off': 'Dados por perdidos',
    placed: 'Enviados a la agencia',
  },
  collected: (currency) => `Importe cobrado (${currency})`,
  recoveryRate: (currency) => `Tasa de recuperación (${currency}: cobrado de lo vencido)`,
  medianDays: 'Mediana de días hasta la resolución',
  withoutAgency: 'Resueltos sin agencia',
  contactsPerResolved: 'Contactos por caso resuelto',
  promisesKept: 'Promesas cumplidas',
  plansCompleted: 'Planes completados',
  disputesUpheld: 'Reclamaciones aceptadas',
  survey: 'Puntuación de la encuesta',
  heldBack: 'Mensajes retenidos por las salvaguardas',
  none: 'Ninguno',
  of: (part, whole) => `${part} de ${whole}`,
  days: (days) => (days === 1 ? '1 día' : `${days} días`),
  surveyValue: (average, count) => `${average} de 5 (${count} ${count === 1 ? 'respuesta' : 'respuestas'})`,
  heldBackValue: (withheld, deferred) => `${withheld} retenidos, ${deferred} aplazados`,
  perDayChart: 'Casos abiertos y resueltos, por día',
  perDayDescription:
    'Barras para cada día: casos abiertos y casos resueltos. La tabla al lado tiene las cifras.',
  day: 'Día',
  byOutcomeChart: 'Casos resueltos, por resultado',
  byOutcomeDescription: 'Una barra por resultado. La tabla al lado tiene las cifras.',
  outcome: 'Resultado',
  cases: 'Casos',
  collectedChart: (currency) => `Importe cobrado por día (${currency})`,
  collectedDescription: (currency) => `Una barra por día: el importe cobrado en ${currency}.`,
  amount: 'Importe',
  nothingCollected: 'No se cobró nada en este periodo.',
  csv: {
    day: 'día',
    segment: 'segmento',
    counters: {
      opened: 'casos abiertos',
      resolved_paid: 'resueltos pagados',
      resolved_credited: 'resueltos abonados',
      'resolved_written-off': 'resueltos dados por perdidos',
      resolved_placed: 'resueltos enviados a la agencia',
      contacts: 'contactos',
      promisesMade: 'promesas hechas',
      promisesKept: 'promesas cumplidas',
      promisesBroken: 'promesas incumplidas',
      plansAgreed: 'planes acordados',
      plansCompleted: 'planes completados',
      plansBroken: 'planes incumplidos',
      disputesOpened: 'reclamaciones abiertas',
      disputesResolved: 'reclamaciones resueltas',
      disputesUpheld: 'reclamaciones aceptadas',
      surveySum: 'total de puntuación',
      surveyCount: 'respuestas a la encuesta',
      withheld: 'mensajes retenidos',
      deferred: 'mensajes aplazados',
    },
  },
};

export const outcomesWords = (language: Language): OutcomesWords => (language === 'es' ? es : en);
