import middy from '@middy/core';
import { cognitoStaffIdentity } from '../adapters/cognito/staff-identity.ts';
import { dynamoOutcomeCounters } from '../adapters/dynamodb/outcomes.ts';
import { linkSecret } from '../adapters/secrets/link-secret.ts';
import {
  CSV_COUNTERS,
  defaultPeriod,
  isOutcomeSegment,
  type OutcomeSegment,
  outcomesCsv,
  parsePeriod,
  summariseOutcomes,
} from '../domain/outcomes.ts';
import { outcomesWords } from '../i18n/outcomes-words.ts';
import { chooseLanguage } from '../portal/language-choice.ts';
import { loadFunctionConfig } from '../shared/config.ts';
import { logger } from '../shared/logger.ts';
import { STAFF_SECURITY_HEADERS, type StaffView } from '../staff/layout.ts';
import { type OutcomesForm, outcomesPage } from '../staff/outcomes-page.ts';
import { httpApiMiddleware } from './middleware/http-api.ts';
import { page, type Response, sessionCsrf, sessionOf, withoutSession } from './middleware/staff-session.ts';

/**
 * The Outcomes page and its CSV (issue 12), a function of its own behind the staff API (the console
 * is near its bundle budget). The same session as the console: the ID token verified against the
 * pool's JWKS on every request; every role may read it. A period is one Query on the segment's
 * counter partition, never a Scan.
 */
const config = loadFunctionConfig('staffOutcomes');
const identity = cognitoStaffIdentity({
  issuer: config.STAFF_TOKEN_ISSUER,
  clientId: config.STAFF_CLIENT_ID,
});
const counters = dynamoOutcomeCounters(config.TABLE_NAME);

/** The form's choice checked at the edge: two real dates, in order, at most 92 days; a known segment. */
function choiceOf(query: URLSearchParams, view: StaffView): { form: OutcomesForm; valid: boolean } {
  const w = outcomesWords(view.language).errors;
  const fallback = defaultPeriod(new Date());
  const from = (query.get('from') ?? fallback.from).trim().slice(0, 10);
  const to = (query.get('to') ?? fallback.to).trim().slice(0, 10);
  const segment = (query.get('segment') ?? 'consumer').trim().slice(0, 32);
  const errors: NonNullable<OutcomesForm['errors']> = {};
  const period = parsePeriod(from, to);
  if ('problem' in period) {
    if (period.problem === 'from') errors.from = w.from;
    else if (period.problem === 'to') errors.to = w.to;
    else errors.to = period.problem === 'order' ? w.order : w.length;
  }
  if (!isOutcomeSegment(segment)) errors.segment = w.segment;
  const valid = Object.keys(errors).length === 0;
  return { form: { from, to, segment, ...(valid ? {} : { errors }) }, valid };
}

export const handler = middy()
  .use(httpApiMiddleware())
  .handler(async (event): Promise<Response> => {
    const query = new URLSearchParams(event.rawQueryString ?? '');
    const language = chooseLanguage({
      query: query.get('lang') ?? undefined,
      acceptLanguage: event.headers['accept-language'],
    });
    const session = await sessionOf(event, identity);
    if (!session) return withoutSession(event, language);
    const secret = await linkSecret(config.LINK_SECRET_ARN);
    const currentQuery = new URLSearchParams(query);
    currentQuery.delete('lang');
    const view: StaffView = {
      language,
      member: session.member,
      csrf: sessionCsrf(session.token, secret),
      currentPath: event.rawPath,
      currentQuery,
    };
    const { form, valid } = choiceOf(query, view);
    if (!valid) return page(400, outcomesPage(view, form, undefined));
    const segment = form.segment as OutcomeSegment;
    const items = await counters.period(segment, form.from, form.to);
    const summary = summariseOutcomes(form.from, form.to, items);
    if (event.routeKey === 'GET /staff/outcomes.csv') {
      const w = outcomesWords(language).csv;
      const counterHeadings = Object.fromEntries(
        CSV_COUNTERS.map((name) => [name, w.counters[name] ?? name]),
      );
      logger.info('Outcomes downloaded', { segment, role: session.member.role });
      return {
        statusCode: 200,
        headers: {
          ...STAFF_SECURITY_HEADERS,
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="outcomes-${segment}-${form.from}-${form.to}.csv"`,
        },
        // A byte-order mark, so a spreadsheet reads the accents as UTF-8.
        body: `\uFEFF${outcomesCsv(segment, summary, items, { day: w.day, segment: w.segment, counters: counterHeadings })}`,
      };
    }
    return page(200, outcomesPage(view, form, summary));
  });
