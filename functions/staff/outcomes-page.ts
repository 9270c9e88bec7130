import { staffPaths } from '../contract/routes.ts';
import { formatMoney } from '../domain/money.ts';
import {
  OUTCOME_SEGMENTS,
  type OutcomeSegment,
  type OutcomeSummary,
  RESOLUTIONS,
} from '../domain/outcomes.ts';
import { outcomesWords } from '../i18n/outcomes-words.ts';
import { EMPTY, html, type SafeHtml } from '../views/html.ts';
import { errorSummary, type StaffView, staffHref, staffPage } from './layout.ts';

/**
 * The Outcomes page (issue 12): a GET form (period, segment), the figures as a table, and each chart
 * an SVG drawn here on the server (no script), in a figure with its data table beside it: the chart
 * is an image with a title and a description, the table is what a screen reader reads.
 */

const localeOf = (view: StaffView) => (view.language === 'es' ? 'es-ES' : 'en-GB');
const percent = (share: number, view: StaffView) =>
  new Intl.NumberFormat(localeOf(view), { style: 'percent', maximumFractionDigits: 1 }).format(share);
const decimal = (value: number, view: StaffView) =>
  new Intl.NumberFormat(localeOf(view), { maximumFractionDigits: 1 }).format(value);

/** Colours with at least 3:1 against white (WCAG 1.4.11), told apart by the legend's words too. */
const SERIES = ['#0b5cad', '#a3470d'] as const;

type Bar = { label: string; values: readonly number[] };

/**
 * A bar chart as SVG: one group of bars per label, one bar per series, on a scale from zero to the
 * largest value; the axis shows that largest value. `role="img"` with its title and description.
 */
export function barChart(input: {
  id: string;
  title: string;
  description: string;
  bars: readonly Bar[];
  series: readonly string[];
  format?: (value: number) => string;
}): SafeHtml {
  const width = 640;
  const height = 220;
  const left = 56;
  const bottom = 28;
  const top = 24;
  const plotWidth = width - left - 8;
  const plotHeight = height - top - bottom;
  const max = Math.max(1, ...input.bars.flatMap((bar) => bar.values));
  const groupWidth = plotWidth / Math.max(1, input.bars.length);
  const barWidth = Math.max(1, (groupWidth * 0.8) / Math.max(1, input.series.length));
  const format = input.format ?? String;
  const labelEvery = Math.max(1, Math.ceil(input.bars.length / 8));
  const rects = input.bars.flatMap((bar, i) =>
    bar.values.map((value, s) => {
      const h = (Math.max(0, value) / max) * plotHeight;
      const x = left + i * groupWidth + groupWidth * 0.1 + s * barWidth;
      return html`<rect x="${x.toFixed(1)}" y="${(top + plotHeight - h).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${h.toFixed(1)}" fill="${SERIES[s % SERIES.length] ?? SERIES[0]}"></rect>`;
    }),
  );
  const labels = input.bars.map((bar, i) =>
    i % labelEvery === 0
      ? html`<text x="${(left + i * groupWidth + groupWidth / 2).toFixed(1)}" y="${height - 8}" text-anchor="middle" font-size="11" fill="#1f2328">${bar.label}</text>`
      : EMPTY,
  );
  const legend = input.series.map(
    (name, s) =>
      html`<rect x="${left + s * 170}" y="4" width="12" height="12" fill="${SERIES[s % SERIES.length] ?? SERIES[0]}"></rect><text x="${left + s * 170 + 18}" y="14" font-size="12" fill="#1f2328">${name}</text>`,
  );
  return html`<svg id="${input.id}" role="img" aria-labelledby="${input.id}-title ${input.id}-desc" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">
<title id="${input.id}-title">${input.title}</title>
<desc id="${input.id}-desc">${input.description}</desc>
${legend}
<line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotHeight}" stroke="#57606a"></line>
<line x1="${left}" y1="${top + plotHeight}" x2="${width - 8}" y2="${top + plotHeight}" stroke="#57606a"></line>
<text x="${left - 6}" y="${top + 4}" text-anchor="end" font-size="11" fill="#1f2328">${format(max)}</text>
<text x="${left - 6}" y="${top + plotHeight}" text-anchor="end" font-size="11" fill="#1f2328">${format(0)}</text>
${rects}
${labels}
</svg>`;
}

export type OutcomesForm = {
  from: string;
  to: string;
  segment: string;
  errors?: Partial<Record<'from' | 'to' | 'segment', string>>;
};

function periodForm(view: StaffView, form: OutcomesForm): SafeHtml {
  const w = outcomesWords(view.language);
  const errors = form.errors ?? {};
  const field = (name: 'from' | 'to', label: string) => {
    const error = errors[name];
    return html`<label for="${name}">${label}</label>
${error ? html`<p class="error" id="${name}-error">${error}</p>` : EMPTY}
<input type="date" id="${name}" name="${name}" value="${form[name]}"${error ? html` aria-invalid="true" aria-describedby="${name}-error"` : EMPTY}>`;
  };
  return html`<form method="get" action="${staffPaths.outcomes}">
${view.language !== 'en' ? html`<input type="hidden" name="lang" value="${view.language}">` : EMPTY}
${field('from', w.from)}
${field('to', w.to)}
<label for="segment">${w.segment}</label>
${errors.segment ? html`<p class="error" id="segment-error">${errors.segment}</p>` : EMPTY}
<select id="segment" name="segment"${errors.segment ? html` aria-invalid="true" aria-describedby="segment-error"` : EMPTY}>
${OUTCOME_SEGMENTS.map((segment) => html`<option value="${segment}"${segment === form.segment ? html` selected` : EMPTY}>${w.segments[segment]}</option>`)}
</select>
<p><button class="button" type="submit">${w.show}</button></p>
</form>`;
}

function figures(view: StaffView, summary: OutcomeSummary): SafeHtml {
  const w = outcomesWords(view.language);
  const share = (part: number, whole: number) =>
    whole > 0 ? `${w.of(part, whole)} (${percent(part / whole, view)})` : w.none;
  const rows: [string, string][] = [
    [w.opened, String(summary.opened)],
    [w.resolved, String(summary.resolvedTotal)],
    ...RESOLUTIONS.map((r): [string, string] => [
      `${w.resolved}: ${w.resolutions[r]}`,
      String(summary.resolved[r]),
    ]),
    ...summary.money.flatMap(({ currency, collected, recoveryRate }): [string, string][] => [
      [w.collected(currency), formatMoney({ amount: collected, currency }, localeOf(view))],
      [w.recoveryRate(currency), recoveryRate === undefined ? w.none : percent(recoveryRate, view)],
    ]),
    [w.medianDays, summary.medianDays === undefined ? w.none : w.days(summary.medianDays)],
    [
      w.withoutAgency,
      summary.withoutAgencyShare === undefined
        ? w.none
        : share(summary.resolvedTotal - summary.resolved.placed, summary.resolvedTotal),
    ],
    [
      w.contactsPerResolved,
      summary.contactsPerResolved === undefined ? w.none : decimal(summary.contactsPerResolved, view),
    ],
    [w.promisesKept, share(summary.promisesKept, summary.promisesMade)],
    [w.plansCompleted, share(summary.plansCompleted, summary.plansAgreed)],
    [w.disputesUpheld, share(summary.disputesUpheld, summary.disputesResolved)],
    [
      w.survey,
      summary.survey.average === undefined
        ? w.none
        : w.surveyValue(decimal(summary.survey.average, view), summary.survey.count),
    ],
    [w.heldBack, w.heldBackValue(summary.heldBack.withheld, summary.heldBack.deferred)],
  ];
  return html`<table>
<caption>${w.figures}</caption>
<thead><tr><th scope="col">${w.figure}</th><th scope="col" class="amount">${w.value}</th></tr></thead>
<tbody>
${rows.map(([label, value]) => html`<tr><th scope="row">${label}</th><td class="amount">${value}</td></tr>\n`)}
</tbody>
</table>`;
}

function charts(view: StaffView, summary: OutcomeSummary): SafeHtml {
  const w = outcomesWords(view.language);
  const shortDay = (day: string) => day.slice(5);
  const perDay = html`<figure>
<figcaption><h2>${w.perDayChart}</h2></figcaption>
${barChart({
  id: 'chart-per-day',
  title: w.perDayChart,
  description: w.perDayDescription,
  series: [w.opened, w.resolved],
  bars: summary.days.map((d) => ({ label: shortDay(d.day), values: [d.opened, d.resolved] })),
})}
<table>
<caption>${w.perDayChart}</caption>
<thead><tr><th scope="col">${w.day}</th><th scope="col" class="amount">${w.opened}</th><th scope="col" class="amount">${w.resolved}</th></tr></thead>
<tbody>
${summary.days.map((d) => html`<tr><th scope="row">${d.day}</th><td class="amount">${d.opened}</td><td class="amount">${d.resolved}</td></tr>\n`)}
</tbody>
</table>
</figure>`;
  const byOutcome = html`<figure>
<figcaption><h2>${w.byOutcomeChart}</h2></figcaption>
${barChart({
  id: 'chart-by-outcome',
  title: w.byOutcomeChart,
  description: w.byOutcomeDescription,
  series: [w.cases],
  bars: RESOLUTIONS.map((r) => ({ label: w.resolutions[r], values: [summary.resolved[r]] })),
})}
<table>
<caption>${w.byOutcomeChart}</caption>
<thead><tr><th scope="col">${w.outcome}</th><th scope="col" class="amount">${w.cases}</th></tr></thead>
<tbody>
${RESOLUTIONS.map((r) => html`<tr><th scope="row">${w.resolutions[r]}</th><td class="amount">${summary.resolved[r]}</td></tr>\n`)}
</tbody>
</table>
</figure>`;
  const collected = summary.money.length
    ? summary.money.map(({ currency }) => {
        const amount = (value: number) => formatMoney({ amount: value, currency }, localeOf(view));
        const id = `chart-collected-${currency.toLowerCase()}`;
        return html`<figure>
<figcaption><h2>${w.collectedChart(currency)}</h2></figcaption>
${barChart({
  id,
  title: w.collectedChart(currency),
  description: w.collectedDescription(currency),
  series: [w.collected(currency)],
  bars: summary.days.map((d) => ({ label: shortDay(d.day), values: [d.collected[currency] ?? 0] })),
  format: amount,
})}
<table>
<caption>${w.collectedChart(currency)}</caption>
<thead><tr><th scope="col">${w.day}</th><th scope="col" class="amount">${w.amount}</th></tr></thead>
<tbody>
${summary.days.map((d) => html`<tr><th scope="row">${d.day}</th><td class="amount">${amount(d.collected[currency] ?? 0)}</td></tr>\n`)}
</tbody>
</table>
</figure>`;
      })
    : html`<p>${w.nothingCollected}</p>`;
  return html`${perDay}
${byOutcome}
${collected}`;
}

/** The page: the form, and (for a valid choice) the figures, the charts and the CSV link. */
export function outcomesPage(
  view: StaffView,
  form: OutcomesForm,
  summary: OutcomeSummary | undefined,
): string {
  const w = outcomesWords(view.language);
  const errors = Object.entries(form.errors ?? {}).map(([field, message]) => ({
    anchor: field,
    message: message ?? '',
  }));
  const csvHref = staffHref(view, staffPaths.outcomesCsv, {
    from: form.from,
    to: form.to,
    segment: form.segment,
  });
  const body = html`<h1>${w.title}</h1>
${errorSummary(view, errors)}
<p>${w.intro}</p>
${periodForm(view, form)}
${
  summary
    ? html`<h2>${w.segments[form.segment as OutcomeSegment] ?? form.segment}: ${form.from} – ${form.to}</h2>
<p><a href="${csvHref}" download>${w.download}</a></p>
${figures(view, summary)}
${charts(view, summary)}`
    : EMPTY
}`;
  return staffPage(view, w.title, body, { hasErrors: errors.length > 0 });
}
