import { staffPaths } from '../contract/routes.ts';
import type { CaseRecord } from '../domain/case.ts';
import { actionUnavailable } from '../domain/debtor-actions.ts';
import { formatMoney } from '../domain/money.ts';
import { plansOnOffer } from '../domain/plan-journey.ts';
import { policyFor } from '../domain/policy.ts';
import { commitmentWords } from '../i18n/commitment-words.ts';
import { EMPTY, html, type SafeHtml } from '../views/html.ts';
import { csrfField, type StaffView, staffHref } from './layout.ts';

/** A phone commitment form sent back with its problem (the staffCommitments function redirects here). */
export type CommitmentState = { form: 'promise' | 'plan'; problem: string; value: string };

/** Reads the state a refused commitment left in the case page's query (its codes only, bounded). */
export function commitmentStateOf(query: URLSearchParams): CommitmentState | undefined {
  const form = query.get('commitment');
  const problem = query.get('problem') ?? '';
  if ((form !== 'promise' && form !== 'plan') || !/^[a-z-]{1,32}$/.test(problem)) return undefined;
  return { form, problem, value: (query.get('value') ?? '').slice(0, 32) };
}

/**
 * The two forms an agent records a promise or a plan agreed on the phone with (issue 12), posted to
 * their own function (staffCommitments); a refused one comes back with its problem beside its field
 * and the value kept. Only on a case the portal's rules let take one.
 */
export function commitmentForms(
  view: StaffView,
  record: CaseRecord,
  now: Date,
  state?: CommitmentState,
): SafeHtml {
  const w = commitmentWords(view.language);
  const locale = view.language === 'es' ? 'es-ES' : 'en-GB';
  const unavailable = state?.problem === 'unavailable';
  if (actionUnavailable(record, 'promise') && !unavailable) return EMPTY;
  const problem = (form: 'promise' | 'plan') =>
    state?.form === form ? (w.problems[state.problem] ?? w.problems.unavailable) : undefined;
  const promiseProblem = problem('promise');
  const planProblem = problem('plan');
  const offers = actionUnavailable(record, 'plan')
    ? []
    : plansOnOffer(record, policyFor(record.debtor.segment), now);
  const planValue = state?.form === 'plan' ? state.value : '';
  return html`<section aria-labelledby="phone-title">
<h3 id="phone-title">${w.title}</h3>
<p class="hint">${w.intro}</p>
${unavailable ? html`<p class="error" role="alert">${w.problems.unavailable}</p>` : EMPTY}
<form method="post" action="${staffHref(view, staffPaths.caseAction(record.caseId, 'promise'))}" novalidate>
${csrfField(view)}
<fieldset><legend>${w.promiseLegend}</legend>
<label for="promise-date">${w.date}</label>
<p class="hint" id="promise-date-hint">${w.dateHint}</p>
${promiseProblem && !unavailable ? html`<p class="error" id="promise-date-error">${promiseProblem}</p>` : EMPTY}
<input type="date" id="promise-date" name="date" value="${state?.form === 'promise' ? state.value : ''}" aria-describedby="promise-date-hint${promiseProblem && !unavailable ? ' promise-date-error' : ''}"${promiseProblem && !unavailable ? html` aria-invalid="true"` : EMPTY}>
<p><button class="button" type="submit">${w.recordPromise}</button></p>
</fieldset>
</form>
<form method="post" action="${staffHref(view, staffPaths.caseAction(record.caseId, 'plan'))}" novalidate>
${csrfField(view)}
<fieldset id="plan-planId"${planProblem && !unavailable ? html` aria-describedby="plan-error"` : EMPTY}><legend>${w.planLegend}</legend>
${planProblem && !unavailable ? html`<p class="error" id="plan-error">${planProblem}</p>` : EMPTY}
${
  offers.length
    ? offers.map(
        (offer) =>
          html`<div class="choice"><input type="radio" id="plan-${offer.id}" name="planId" value="${offer.id}"${offer.id === planValue ? html` checked` : EMPTY}><label for="plan-${offer.id}">${w.plan(offer.instalments.length, formatMoney(offer.instalments[0]?.amount ?? offer.total, locale), Number(/x(\d+)d$/.exec(offer.id)?.[1] ?? 0))}</label></div>\n`,
      )
    : html`<p>${w.noPlans}</p>`
}
${offers.length ? html`<p><button class="button" type="submit">${w.recordPlan}</button></p>` : EMPTY}
</fieldset>
</form>
</section>`;
}
