import type { Language } from '../../domain/language.ts';
import { chooseLanguage } from '../../portal/language-choice.ts';
import type { StaffIdentity } from '../../ports/staff.ts';
import { logger } from '../../shared/logger.ts';
import type { StaffView } from '../../staff/layout.ts';
import { forbiddenPage } from '../../staff/pages.ts';
import type { HttpApiEvent } from './http-api.ts';
import {
  formValues,
  page,
  type Response,
  type StaffSession,
  sessionCsrf,
  sessionCsrfMatches,
  sessionOf,
  withoutSession,
} from './staff-session.ts';

/** A staff form, accepted: who posted it, the page's view, and its fields. */
export type StaffForm = {
  language: Language;
  session: StaffSession;
  view: StaffView;
  values: Record<string, string>;
};

/**
 * What every form posted to a staff function of its own checks first (the phone commitments, the
 * texts): the page's language, the session (without one, to the renewal or sign-in, changing
 * nothing), and the CSRF token bound to it (a wrong one is a 403 page). Returns the form, or the
 * response that refuses it; `what` names the form in the log line.
 */
export async function staffForm(
  event: HttpApiEvent,
  identity: StaffIdentity,
  secret: () => Promise<string>,
  what: string,
): Promise<StaffForm | { refused: Response }> {
  const query = new URLSearchParams(event.rawQueryString ?? '');
  const language = chooseLanguage({
    query: query.get('lang') ?? undefined,
    acceptLanguage: event.headers['accept-language'],
  });
  const session = await sessionOf(event, identity);
  if (!session) return { refused: withoutSession(event, language) };
  const key = await secret();
  const values = formValues(event);
  const view: StaffView = {
    language,
    member: session.member,
    csrf: sessionCsrf(session.token, key),
    currentPath: event.rawPath,
  };
  if (!sessionCsrfMatches(values.csrf, session.token, key)) {
    logger.warn(`${what} refused: CSRF token missing or wrong`, { routeKey: event.routeKey });
    return { refused: page(403, forbiddenPage(view)) };
  }
  return { language, session, view, values };
}
