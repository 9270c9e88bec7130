import type { CaseRecord } from '../domain/case.ts';
import type { Language } from '../domain/language.ts';
import { formatMoney } from '../domain/money.ts';
import { SURVEY_COMMENT_MAX, SURVEY_SCORES } from '../domain/survey.ts';
import { words } from '../i18n/catalogue.ts';
import { html, join, type SafeHtml } from '../views/html.ts';
import { caseStatusSentence } from './case-status.ts';
import { errorSummary } from './error-summary.ts';
import { page } from './layout.ts';
import { chromeFor, hrefTo, type PortalView } from './view.ts';

/**
 * After resolution: the account link opens a thank-you page with the one-question survey (1–5 and
 * an optional comment), pure. Once answered, the page just says thank you.
 */
const wordsOf = (language: Language) => words(language).survey;

export type SurveyState = { values: Record<string, string>; errors: Record<string, string> };

const ANCHORS: Record<string, string> = { score: 'score-1', comment: 'comment' };

function surveyForm(view: PortalView, csrf: string, state?: SurveyState): SafeHtml {
  const w = wordsOf(view.language);
  const values = state?.values ?? {};
  const errors = state?.errors ?? {};
  const message = (field: string) => {
    const code = errors[field];
    if (!code) return '';
    if (!Object.hasOwn(w.errors, code)) return code;
    const text = w.errors[code as keyof typeof w.errors];
    return typeof text === 'function' ? text(SURVEY_COMMENT_MAX) : text;
  };
  const error = (field: string) =>
    errors[field] ? html`<p class="error" id="${field}-error">${message(field)}</p>` : '';
  const summary = errorSummary(
    view.language,
    Object.keys(errors).map((field) => ({ anchor: ANCHORS[field] ?? 'main', message: message(field) })),
  );
  const invalid = (field: string) => (errors[field] ? html` aria-invalid="true"` : '');
  const scoreDescribed = `score-hint${errors.score ? ' score-error' : ''}`;
  const commentDescribed = `comment-hint${errors.comment ? ' comment-error' : ''}`;
  return html`${summary}
<form method="post" action="${hrefTo(view, '/survey')}" novalidate>
<input type="hidden" name="csrf" value="${csrf}">
<fieldset aria-describedby="${scoreDescribed}"${invalid('score')}>
<legend>${w.question}</legend>
<p class="note" id="score-hint">${w.scale}</p>
${error('score')}
${join(SURVEY_SCORES.map((score) => html`<div class="choice"><input type="radio" id="score-${score}" name="score" value="${score}"${values.score === score ? html` checked` : ''}> <label for="score-${score}">${w.scores[score]}</label></div>`))}
</fieldset>
<label for="comment">${w.comment}</label>
<p class="note" id="comment-hint">${w.commentHint(SURVEY_COMMENT_MAX)}</p>
${error('comment')}
<textarea id="comment" name="comment" rows="4" maxlength="${SURVEY_COMMENT_MAX}" aria-describedby="${commentDescribed}"${invalid('comment')}>${values.comment ?? ''}</textarea>
<p><button class="button" type="submit">${w.send}</button></p>
</form>`;
}

/** The closed case's page: thanks, where it stands, and the survey (or thanks for answering). */
export function thankYouPage(
  record: CaseRecord,
  view: PortalView,
  input: { csrf: string; state?: SurveyState; current?: 'account' },
): string {
  const w = wordsOf(view.language);
  const hasErrors = Boolean(input.state && Object.keys(input.state.errors).length);
  const survey = record.surveyAnsweredAt
    ? html`<p>${w.answered}</p>`
    : surveyForm(view, input.csrf, input.state);
  return page(
    view.language,
    `${w.title} · ${view.creditorName}`,
    html`<h1>${w.title}</h1>
<p class="status">${caseStatusSentence(record, view.locale, view.today)}</p>
<p>${w.balance}: <strong>${formatMoney(record.balance, view.locale)}</strong></p>
${survey}`,
    chromeFor(view, { ...(input.current ? { current: input.current } : {}), hasErrors }),
  );
}

/** The survey's confirmation, or why it cannot be answered (already answered, case not closed). */
export function surveyMessagePage(view: PortalView, message: 'done' | 'answered' | 'notClosed'): string {
  const w = wordsOf(view.language);
  return page(
    view.language,
    `${w.title} · ${view.creditorName}`,
    html`<h1>${w.title}</h1>
<p role="status">${w[message]}</p>`,
    chromeFor(view),
  );
}
