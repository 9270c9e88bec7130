import type { CaseRecord } from '../domain/case.ts';
import { escapeHtml as e, type Language } from '../domain/language.ts';
import { formatMoney } from '../domain/money.ts';
import { SURVEY_COMMENT_MAX, SURVEY_SCORES } from '../domain/survey.ts';
import { caseStatusSentence } from './case-status-words.ts';
import { errorSummary } from './error-summary.ts';
import { page } from './layout.ts';
import { chromeFor, hrefTo, type PortalView } from './view.ts';

/**
 * After resolution: the account link opens a thank-you page with the one-question survey (1–5 and
 * an optional comment), pure. Once answered, the page just says thank you.
 */
const WORDS = {
  en: {
    title: 'Thank you',
    balance: 'Balance',
    question: 'How did we do?',
    scale: '1 is very poor and 5 is very good.',
    scores: { '1': '1 – Very poor', '2': '2 – Poor', '3': '3 – OK', '4': '4 – Good', '5': '5 – Very good' },
    comment: 'Anything you would like to tell us? (optional)',
    commentHint: `Up to ${SURVEY_COMMENT_MAX.toLocaleString('en')} characters.`,
    send: 'Send my answer',
    answered: 'You have already answered our question. Thank you for telling us how we did.',
    notClosed: 'We will ask how we did once your account is settled.',
    done: 'Thank you for your answer: it helps us treat people better. It now appears in your History.',
    errors: {
      'score-required': 'Choose a number from 1 to 5.',
      'comment-too-long': `Keep the comment under ${SURVEY_COMMENT_MAX.toLocaleString('en')} characters.`,
    } as Record<string, string>,
  },
  es: {
    title: 'Gracias',
    balance: 'Saldo',
    question: '¿Qué tal lo hemos hecho?',
    scale: '1 es muy mal y 5 es muy bien.',
    scores: { '1': '1 – Muy mal', '2': '2 – Mal', '3': '3 – Regular', '4': '4 – Bien', '5': '5 – Muy bien' },
    comment: '¿Quiere contarnos algo? (opcional)',
    commentHint: `Hasta ${SURVEY_COMMENT_MAX} caracteres.`,
    send: 'Enviar mi respuesta',
    answered: 'Ya respondió a nuestra pregunta. Gracias por contarnos qué tal lo hicimos.',
    notClosed: 'Le preguntaremos qué tal lo hemos hecho cuando su cuenta esté saldada.',
    done: 'Gracias por su respuesta: nos ayuda a tratar mejor a las personas. Ya aparece en su historial.',
    errors: {
      'score-required': 'Elija un número del 1 al 5.',
      'comment-too-long': `El comentario debe tener menos de ${SURVEY_COMMENT_MAX} caracteres.`,
    } as Record<string, string>,
  },
} satisfies Record<Language, unknown>;

export type SurveyState = { values: Record<string, string>; errors: Record<string, string> };

const ANCHORS: Record<string, string> = { score: 'score-1', comment: 'comment' };

function surveyForm(view: PortalView, csrf: string, state?: SurveyState): string {
  const w = WORDS[view.language];
  const values = state?.values ?? {};
  const errors = state?.errors ?? {};
  const message = (field: string) => (errors[field] ? (w.errors[errors[field]] ?? errors[field]) : '');
  const error = (field: string) =>
    errors[field] ? `<p class="error" id="${field}-error">${e(message(field))}</p>` : '';
  const summary = errorSummary(
    view.language,
    Object.keys(errors).map((field) => ({ anchor: ANCHORS[field] ?? 'main', message: message(field) })),
  );
  const scoreDescribed = `score-hint${errors.score ? ' score-error' : ''}`;
  const commentDescribed = `comment-hint${errors.comment ? ' comment-error' : ''}`;
  return `${summary}
<form method="post" action="${e(hrefTo(view, '/survey'))}" novalidate>
<input type="hidden" name="csrf" value="${e(csrf)}">
<fieldset aria-describedby="${scoreDescribed}"${errors.score ? ' aria-invalid="true"' : ''}>
<legend>${w.question}</legend>
<p class="note" id="score-hint">${w.scale}</p>
${error('score')}
${SURVEY_SCORES.map((score) => `<div class="choice"><input type="radio" id="score-${score}" name="score" value="${score}"${values.score === score ? ' checked' : ''}> <label for="score-${score}">${w.scores[score]}</label></div>`).join('\n')}
</fieldset>
<label for="comment">${w.comment}</label>
<p class="note" id="comment-hint">${w.commentHint}</p>
${error('comment')}
<textarea id="comment" name="comment" rows="4" maxlength="${SURVEY_COMMENT_MAX}" aria-describedby="${commentDescribed}"${errors.comment ? ' aria-invalid="true"' : ''}>${e(values.comment ?? '')}</textarea>
<p><button class="button" type="submit">${w.send}</button></p>
</form>`;
}

/** The closed case's page: thanks, where it stands, and the survey (or thanks for answering). */
export function thankYouPage(
  record: CaseRecord,
  view: PortalView,
  input: { csrf: string; state?: SurveyState; current?: 'account' },
): string {
  const w = WORDS[view.language];
  const hasErrors = Boolean(input.state && Object.keys(input.state.errors).length);
  const survey = record.surveyAnsweredAt ? `<p>${w.answered}</p>` : surveyForm(view, input.csrf, input.state);
  return page(
    view.language,
    `${w.title} · ${view.creditorName}`,
    `<h1>${w.title}</h1>
<p class="status">${e(caseStatusSentence(record, view.locale, view.today))}</p>
<p>${w.balance}: <strong>${e(formatMoney(record.balance, view.locale))}</strong></p>
${survey}`,
    chromeFor(view, { ...(input.current ? { current: input.current } : {}), hasErrors }),
  );
}

/** The survey's confirmation, or why it cannot be answered (already answered, case not closed). */
export function surveyMessagePage(view: PortalView, message: 'done' | 'answered' | 'notClosed'): string {
  const w = WORDS[view.language];
  return page(
    view.language,
    `${w.title} · ${view.creditorName}`,
    `<h1>${w.title}</h1>
<p role="status">${w[message]}</p>`,
    chromeFor(view),
  );
}
