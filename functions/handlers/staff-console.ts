import { randomBytes } from 'node:crypto';
import middy from '@middy/core';
import { cognitoStaffIdentity } from '../adapters/cognito/staff-identity.ts';
import { dynamoCaseLookups } from '../adapters/dynamodb/case-lookups.ts';
import { dynamoCases } from '../adapters/dynamodb/cases.ts';
import { dynamoContactLedger } from '../adapters/dynamodb/contact-ledger.ts';
import { dynamoWorkQueues } from '../adapters/dynamodb/queues.ts';
import { dynamoReplies } from '../adapters/dynamodb/replies.ts';
import { s3DownloadLinks } from '../adapters/s3/download-link.ts';
import { linkSecret } from '../adapters/secrets/link-secret.ts';
import { sfnWorkflow } from '../adapters/sfn/workflow.ts';
import { staffPaths } from '../contract/routes.ts';
import * as z from '../contract/zod.ts';
import { csrfMatches, csrfToken } from '../domain/csrf.ts';
import { isValidTimeZone } from '../domain/dates.ts';
import type { Language } from '../domain/language.ts';
import { isQueue, QUEUES } from '../domain/queues.ts';
import {
  CALL_OUTCOMES,
  DISPUTE_DECISIONS,
  isStaffAction,
  may,
  parseMajorAmount,
  type StaffAction,
  type StaffMember,
} from '../domain/staff.ts';
import { chooseLanguage } from '../portal/language-choice.ts';
import { loadFunctionConfig } from '../shared/config.ts';
import { appendCorrelationIds, logger } from '../shared/logger.ts';
import { casePageOf } from '../staff/case-view.ts';
import { type CommitmentState, commitmentStateOf } from '../staff/commitment-forms.ts';
import { type StaffView, staffHref, staffWords } from '../staff/layout.ts';
import {
  type FormState,
  forbiddenPage,
  notFoundPage,
  queuePage,
  searchPage,
  signInPage,
  startPage,
} from '../staff/pages.ts';
import { InvalidCaseQueryError, lookUpCases } from '../use-cases/look-up-cases.ts';
import { type StaffActionInput, takeStaffAction } from '../use-cases/staff-action.ts';
import { type HttpApiEvent, httpApiMiddleware } from './middleware/http-api.ts';
import {
  cleared,
  cookie,
  cookiesOf,
  formValues,
  MFA_COOKIE,
  page,
  type Response,
  renew,
  SIGN_IN_COOKIE,
  seeOther,
  sessionCookies,
  sessionCsrf,
  sessionCsrfMatches,
  sessionOf,
  signOut,
  withoutSession,
} from './middleware/staff-session.ts';

/**
 * The collections team's console (issue 12), one function behind the staff API's routes
 * (contract/routes.ts STAFF_ROUTES). Every request but sign-in carries the session cookie, whose
 * Cognito ID token is verified against the pool's JWKS on every request; without a valid one the
 * request goes to sign-in and changes nothing. Every form carries a CSRF token bound to the session.
 */
const config = loadFunctionConfig('staffConsole');
const identity = cognitoStaffIdentity({
  issuer: config.STAFF_TOKEN_ISSUER,
  clientId: config.STAFF_CLIENT_ID,
});
const cases = dynamoCases(config.TABLE_NAME);
const replies = dynamoReplies(config.TABLE_NAME);
const lookups = dynamoCaseLookups(config.TABLE_NAME);
const queues = dynamoWorkQueues(config.TABLE_NAME);
const bucket = s3DownloadLinks(config.DOCUMENT_BUCKET_NAME);
const workflow = sfnWorkflow();
const contacts = dynamoContactLedger(config.TABLE_NAME);
const actionPorts = { store: { ...cases, ...replies }, workflow, contacts, daySeconds: config.DAY_SECONDS };

export { executionConsoleUrl } from '../staff/case-view.ts';
export { MFA_COOKIE, REFRESH_COOKIE, SESSION_COOKIE, SIGN_IN_COOKIE } from './middleware/staff-session.ts';

/** Marks the MFA cookie of a first sign-in that sets up the authenticator (MFA_SETUP). */
const SETUP_PREFIX = 'setup.';

const signInCsrf = (nonce: string, secret: string) => csrfToken(`staff-sign-in:${nonce}`, secret);

/** The form fields, checked at the edge: trimmed, bounded. */
const SignInSchema = z.object({
  email: z.email(),
  password: z.string().check(z.minLength(1), z.maxLength(256)),
});
const TotpSchema = z.object({ email: z.email(), code: z.string().check(z.regex(/^\d{6}$/)) });
const NOTE_MAX = 1000;

type Context = { event: HttpApiEvent; language: Language; query: URLSearchParams; secret: string };

export const handler = middy()
  .use(httpApiMiddleware())
  .handler(async (event): Promise<Response> => {
    const query = new URLSearchParams(event.rawQueryString ?? '');
    const language = chooseLanguage({
      query: query.get('lang') ?? undefined,
      acceptLanguage: event.headers['accept-language'],
    });
    const secret = await linkSecret(config.LINK_SECRET_ARN);
    const context: Context = { event, language, query, secret };
    if (event.routeKey === 'GET /staff/sign-in') return signInForm(context);
    if (event.routeKey === 'POST /staff/sign-in') return signIn(context);

    if (event.routeKey === 'GET /staff/session/refresh') return renew(event, identity, language);

    const session = await sessionOf(event, identity);
    if (!session) {
      // Signing out without a session still revokes the refresh token and clears every cookie.
      if (event.routeKey === 'POST /staff/session/sign-out') return signOut(event, identity, language);
      return withoutSession(event, language);
    }
    const { member, token } = session;
    const view: StaffView = {
      language,
      member,
      csrf: sessionCsrf(token, secret),
      currentPath: event.rawPath,
      currentQuery: withoutLang(query),
    };
    if (event.requestContext.http.method === 'POST') {
      const values = formValues(event);
      if (!sessionCsrfMatches(values.csrf, token, secret)) {
        logger.warn('Staff form refused: CSRF token missing or wrong', { routeKey: event.routeKey });
        return page(403, forbiddenPage(view));
      }
      const { csrf: _csrf, ...fields } = values;
      if (event.routeKey === 'POST /staff/sign-out' || event.routeKey === 'POST /staff/session/sign-out')
        return signOut(event, identity, language);
      if (event.routeKey === 'POST /staff/cases/{caseId}/{action}') return act(view, event, fields);
      return page(404, notFoundPage(view));
    }
    switch (event.routeKey) {
      case 'GET /staff':
        return start(view);
      case 'GET /staff/queues/{queue}':
        return queue(view, event.pathParameters?.queue ?? '');
      case 'GET /staff/search':
        return search(view, query.get('q'));
      case 'GET /staff/cases/{caseId}':
        return showCase(view, event.pathParameters?.caseId ?? '', {
          done: query.has('done'),
          commitment: commitmentStateOf(query),
        });
      case 'GET /staff/cases/{caseId}/documents/{documentId}':
        return document(view, event.pathParameters?.caseId ?? '', event.pathParameters?.documentId ?? '');
      default:
        return page(404, notFoundPage(view));
    }
  });

function withoutLang(query: URLSearchParams): URLSearchParams {
  const copy = new URLSearchParams(query);
  copy.delete('lang');
  return copy;
}

function signInView({ event, language, query, secret }: Context, nonce: string): StaffView {
  return {
    language,
    csrf: signInCsrf(nonce, secret),
    currentPath: event.rawPath,
    currentQuery: withoutLang(query),
  };
}

function signInForm(context: Context): Response {
  const existing = cookiesOf(context.event).get(SIGN_IN_COOKIE);
  const nonce =
    existing && /^[A-Za-z0-9_-]{22,64}$/.test(existing) ? existing : randomBytes(24).toString('base64url');
  return page(200, signInPage(signInView(context, nonce)), [cookie(SIGN_IN_COOKIE, nonce, 3600)]);
}

async function signIn(context: Context): Promise<Response> {
  const cookies = cookiesOf(context.event);
  const nonce = cookies.get(SIGN_IN_COOKIE);
  const values = formValues(context.event);
  if (!nonce || !csrfMatches(values.csrf, `staff-sign-in:${nonce}`, context.secret)) {
    logger.warn('Sign-in refused: CSRF token missing or wrong');
    const fresh = randomBytes(24).toString('base64url');
    return page(403, signInPage(signInView(context, fresh), { problem: 'expired' }), [
      cookie(SIGN_IN_COOKIE, fresh, 3600),
    ]);
  }
  const view = signInView(context, nonce);
  const mfaCookie = cookies.get(MFA_COOKIE);
  if (values.code !== undefined && mfaCookie) {
    const totp = TotpSchema.safeParse(values);
    if (!totp.success)
      return page(400, signInPage(view, { email: values.email ?? '', totp: true, problem: 'refused' }));
    // A first sign-in sets up the authenticator (MFA_SETUP); any other answers the TOTP challenge.
    const setup = mfaCookie.startsWith(SETUP_PREFIX);
    const answered = setup
      ? await identity.finishTotpSetup(totp.data.email, totp.data.code, mfaCookie.slice(SETUP_PREFIX.length))
      : await identity.answerTotp(totp.data.email, totp.data.code, mfaCookie);
    return signedIn(context, answered, totp.data.email, view);
  }
  const parsed = SignInSchema.safeParse({
    email: (values.email ?? '').trim(),
    password: values.password ?? '',
  });
  if (!parsed.success) return page(400, signInPage(view, { email: values.email ?? '', problem: 'missing' }));
  const outcome = await identity.signIn(parsed.data.email, parsed.data.password);
  return signedIn(context, outcome, parsed.data.email, view);
}

async function signedIn(
  context: Context,
  outcome: Awaited<ReturnType<typeof identity.signIn>>,
  email: string,
  view: StaffView,
): Promise<Response> {
  if (outcome.outcome === 'signed-in') {
    // The token must name a member of a staff group: a user in no group is refused like a wrong password.
    const member = await identity.verify(outcome.idToken);
    if (!member) return page(401, signInPage(view, { email, problem: 'refused' }));
    logger.info('Staff signed in', { role: member.role });
    return seeOther(staffHref({ language: context.language }, staffPaths.start), [
      ...sessionCookies(outcome),
      cleared(SIGN_IN_COOKIE),
      cleared(MFA_COOKIE),
    ]);
  }
  if (outcome.outcome === 'challenge' && outcome.challenge === 'SOFTWARE_TOKEN_MFA') {
    return page(200, signInPage(view, { email, totp: true }), [cookie(MFA_COOKIE, outcome.session, 180)]);
  }
  if (outcome.outcome === 'challenge' && outcome.challenge === 'MFA_SETUP') {
    // The pool requires TOTP and this member has no authenticator yet: show its secret to add.
    const setup = await identity.beginTotpSetup(outcome.session);
    if (setup) {
      const uri = `otpauth://totp/${encodeURIComponent(`Collections:${email}`)}?secret=${setup.secret}&issuer=Collections`;
      return page(200, signInPage(view, { email, totp: true, setup: { secret: setup.secret, uri } }), [
        cookie(MFA_COOKIE, `${SETUP_PREFIX}${setup.session}`, 180),
      ]);
    }
  }
  if (outcome.outcome === 'challenge')
    logger.warn('Sign-in needs a step the console does not take', { challenge: outcome.challenge });
  return page(401, signInPage(view, { email, problem: 'refused' }));
}

async function start(view: StaffView): Promise<Response> {
  const counts = await Promise.all(QUEUES.map(async (name) => [name, await queues.count(name)] as const));
  return page(200, startPage(view, new Map(counts)));
}

async function queue(view: StaffView, name: string): Promise<Response> {
  if (!isQueue(name)) return page(404, notFoundPage(view));
  const [rows, count] = await Promise.all([queues.queue(name, 100), queues.count(name)]);
  return page(200, queuePage(view, name, count, rows));
}

async function search(view: StaffView, q: string | null): Promise<Response> {
  if (q === null) return page(200, searchPage(view, '', undefined));
  try {
    const found = await lookUpCases({ lookups, cases }, q);
    return page(200, searchPage(view, q, found));
  } catch (error) {
    if (error instanceof InvalidCaseQueryError) return page(400, searchPage(view, q, 'invalid'));
    throw error;
  }
}

async function showCase(
  view: StaffView,
  caseId: string,
  options: { done?: boolean; form?: FormState; status?: number; commitment?: CommitmentState | undefined },
): Promise<Response> {
  const record = await cases.getCase(caseId);
  if (!record) return page(404, notFoundPage(view));
  appendCorrelationIds({ caseId: record.caseId, accountId: record.accountId });
  const timeline = await cases.timeline(caseId);
  return page(options.status ?? 200, casePageOf(view, record, timeline, options));
}

/** A document of the case, through a presigned link that lives five minutes. */
async function document(view: StaffView, caseId: string, documentId: string): Promise<Response> {
  const record = await cases.getCase(caseId);
  const doc = record?.disputeDocuments?.find((candidate) => candidate.documentId === documentId);
  if (!doc) return page(404, notFoundPage(view));
  return seeOther(await bucket.downloadUrl(doc.key, doc.displayName));
}

/** A BCP 47 tag Intl knows (as billing's events are checked: contract/events.ts). */
function isLocale(tag: string): boolean {
  try {
    return tag.length > 0 && tag.length <= 35 && Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

/** The form's fields as a staff action, or the errors by field (the values are kept). */
function parseAction(
  action: Exclude<StaffAction, 'text-reply'>,
  fields: Record<string, string>,
  currency: string,
  view: StaffView,
): { input: StaffActionInput } | { errors: Record<string, string> } {
  const w = staffWords(view.language).actions.errors;
  const errors: Record<string, string> = {};
  const note = (fields.note ?? '').trim();
  if (note.length > NOTE_MAX) errors.note = w.tooLong;
  switch (action) {
    case 'note':
      if (!note) errors.note = w.required;
      return Object.keys(errors).length ? { errors } : { input: { action, note } };
    case 'log-call': {
      const reached = fields.reached;
      if (reached !== 'yes' && reached !== 'no') errors.reached = w.required;
      const outcome = CALL_OUTCOMES.find((candidate) => candidate === fields.outcome);
      if (!outcome) errors.outcome = w.required;
      if (Object.keys(errors).length || !outcome) return { errors };
      return { input: { action, reached: reached === 'yes', outcome, ...(note ? { note } : {}) } };
    }
    case 'resume':
    case 'write-off':
    case 'decline-referral':
    case 'message-handled':
      return Object.keys(errors).length ? { errors } : { input: { action, ...(note ? { note } : {}) } };
    case 'refer':
      return Object.keys(errors).length ? { errors } : { input: { action } };
    case 'recall':
      return Object.keys(errors).length ? { errors } : { input: { action, ...(note ? { note } : {}) } };
    case 'pause': {
      const until = (fields.until ?? '').trim();
      if (!/^\d{4}-\d{2}-\d{2}$/.test(until)) errors.until = w.date;
      return Object.keys(errors).length
        ? { errors }
        : { input: { action, until, ...(note ? { note } : {}) } };
    }
    case 'contact-details': {
      const email = (fields.email ?? '').trim();
      const locale = (fields.locale ?? '').trim();
      const timeZone = (fields.timeZone ?? '').trim();
      if (!z.email().safeParse(email).success) errors.email = w.email;
      if (!isLocale(locale)) errors.locale = w.locale;
      if (!isValidTimeZone(timeZone)) errors.timeZone = w.timeZone;
      delete errors.note;
      return Object.keys(errors).length
        ? { errors }
        : { input: { action, details: { email, locale, timeZone } } };
    }
    case 'resolve-dispute': {
      const outcome = DISPUTE_DECISIONS.find((candidate) => candidate === fields.outcome);
      if (!outcome) errors.outcome = w.required;
      if (outcome === 'upheld-in-part') {
        const credit = parseMajorAmount(fields.creditAmount ?? '', currency);
        if (!credit || credit.amount <= 0) errors.creditAmount = w.amount;
        if (Object.keys(errors).length || !credit) return { errors };
        return { input: { action, outcome, credit, ...(note ? { note } : {}) } };
      }
      if (Object.keys(errors).length || !outcome) return { errors };
      return { input: { action, outcome, ...(note ? { note } : {}) } };
    }
  }
}

async function act(view: StaffView, event: HttpApiEvent, fields: Record<string, string>): Promise<Response> {
  const caseId = event.pathParameters?.caseId ?? '';
  const action = event.pathParameters?.action ?? '';
  if (!isStaffAction(action)) return page(404, notFoundPage(view));
  const member = view.member as StaffMember;
  // Roles are enforced here first, and again by the use case: a refused action changes nothing.
  if (!may(member.role, action)) return page(403, forbiddenPage(view));
  // A reply by text has a function of its own (staffTexts, its literal route): not served here.
  if (action === 'text-reply') return page(404, notFoundPage(view));
  const record = await cases.getCase(caseId);
  if (!record) return page(404, notFoundPage(view));
  const parsed = parseAction(action, fields, record.balance.currency, view);
  if ('errors' in parsed)
    return showCase(view, caseId, { form: { action, values: fields, errors: parsed.errors }, status: 400 });
  const result = await takeStaffAction(caseId, parsed.input, member, actionPorts);
  switch (result.outcome) {
    case 'forbidden':
      return page(403, forbiddenPage(view));
    case 'no-case':
      return page(404, notFoundPage(view));
    case 'not-applicable':
      return showCase(view, caseId, {
        form: {
          action,
          values: fields,
          // Beside the form's own field: the texts' form has a note, the others an outcome.
          errors: {
            [action === 'message-handled' ? 'note' : 'outcome']: staffWords(view.language).actions.errors
              .notApplicable,
          },
        },
        status: 409,
      });
    case 'bad-date':
      return showCase(view, caseId, {
        form: { action, values: fields, errors: { until: staffWords(view.language).actions.errors.date } },
        status: 400,
      });
    case 'blocked':
      return showCase(view, caseId, {
        form: {
          action,
          values: fields,
          errors: { note: staffWords(view.language).actions.errors.blocked(result.blockers.join('; ')) },
        },
        status: 409,
      });
    case 'done':
      return seeOther(staffHref(view, staffPaths.case(caseId), { done: '1' }));
  }
}
