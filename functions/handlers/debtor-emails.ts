import middy from '@middy/core';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { dynamoDebtorPreferences } from '../adapters/dynamodb/debtor-preferences.ts';
import { linkSecret } from '../adapters/secrets/link-secret.ts';
import { csrfMatches, csrfToken } from '../domain/csrf.ts';
import { verifyDebtorLink } from '../domain/links.ts';
import { emailsStopLinkInvalidPage, emailsStopPage } from '../portal/emails-stop-page.ts';
import { chooseLanguage } from '../portal/language-choice.ts';
import { SECURITY_HEADERS } from '../portal/layout.ts';
import { loadFunctionConfig } from '../shared/config.ts';
import { logger } from '../shared/logger.ts';
import { stopDebtorEmails } from '../use-cases/stop-debtor-emails.ts';
import { httpApiMiddleware } from './middleware/http-api.ts';
import { isOneClickUnsubscribe } from './one-click.ts';

/**
 * A debtor's opt-out of every email (issue 16), from the note before a due date: no case exists to
 * sign a link for, so its `List-Unsubscribe` URL is a signed debtor link (domain/links.ts
 * `signDebtorLink`, the same keyring) naming the debtor's key, never their address.
 * - GET: the page, with one button (a form with its CSRF token, bound to the link).
 * - POST with exactly `List-Unsubscribe=One-Click` (RFC 8058, a mail client's): stopped at once, 200
 *   with an empty body, whether it stopped them now or before; the signed link is its credential.
 * - POST of the page's form: checked for its CSRF token, then stopped, and the page says so.
 * A link that does not verify gets one page (404), whatever is wrong with it.
 */
const config = loadFunctionConfig('debtorEmails');
const ports = { preferences: dynamoDebtorPreferences(config.TABLE_NAME) };

type Response = APIGatewayProxyStructuredResultV2;
const page = (statusCode: number, body: string): Response => ({
  statusCode,
  headers: SECURITY_HEADERS,
  body,
});

function formValues(body: string | undefined, base64: boolean | undefined): Record<string, string> {
  const raw = body ? (base64 ? Buffer.from(body, 'base64').toString('utf8') : body) : '';
  return Object.fromEntries(new URLSearchParams(raw));
}

export const handler = middy()
  .use(httpApiMiddleware())
  .handler(async (event): Promise<Response> => {
    const query = new URLSearchParams(event.rawQueryString ?? '');
    const language = chooseLanguage({
      query: query.get('lang') ?? undefined,
      acceptLanguage: event.headers?.['accept-language'],
    });
    const link = event.pathParameters?.link ?? '';
    const secret = await linkSecret(config.LINK_SECRET_ARN);
    const now = new Date();
    const claims = verifyDebtorLink(link, secret, now);
    if (!claims) {
      logger.info('Debtor link refused', { routeKey: event.routeKey });
      return page(404, emailsStopLinkInvalidPage(language));
    }
    const csrfFor = `debtor-emails:${link}`;
    if (event.requestContext.http.method === 'GET')
      return page(
        200,
        emailsStopPage(language, config.CREDITOR, {
          csrf: csrfToken(csrfFor, secret),
          done: query.has('done'),
        }),
      );
    if (isOneClickUnsubscribe(event)) {
      await stopDebtorEmails(claims.debtor, 'one-click', now, ports);
      return { statusCode: 200, headers: SECURITY_HEADERS, body: '' };
    }
    const values = formValues(event.body, event.isBase64Encoded);
    if (!csrfMatches(values.csrf, csrfFor, secret)) {
      logger.warn('Debtor opt-out form refused: CSRF token missing or wrong');
      return page(403, emailsStopLinkInvalidPage(language));
    }
    await stopDebtorEmails(claims.debtor, 'page', now, ports);
    // The confirmation is shown by GET, so a reload never repeats the form.
    return {
      statusCode: 303,
      headers: { ...SECURITY_HEADERS, location: `${event.rawPath}?done&lang=${language}` },
      body: '',
    };
  });
