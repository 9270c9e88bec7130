import { describe, expect, it } from 'vitest';
import type { HttpApiEvent } from '../../functions/handlers/middleware/http-api.ts';
import { isOneClickUnsubscribe } from '../../functions/handlers/one-click.ts';

const post = (contentType: string | undefined, body: string | undefined, base64 = true): HttpApiEvent => ({
  routeKey: 'POST /case/{link}/{action}',
  rawPath: '/case/x/stop-emails',
  rawQueryString: '',
  headers: contentType === undefined ? {} : { 'content-type': contentType },
  ...(body === undefined ? {} : { body: base64 ? Buffer.from(body).toString('base64') : body }),
  isBase64Encoded: body !== undefined && base64,
  requestContext: { requestId: 'r', http: { method: 'POST', path: '/case/x/stop-emails' } },
});

const URLENCODED = 'application/x-www-form-urlencoded';
const multipart = (parts: string[], boundary = 'b0undary') =>
  [...parts.map((part) => `--${boundary}\r\n${part}\r\n`), `--${boundary}--\r\n`].join('');
const field = (name: string, value: string) =>
  `Content-Disposition: form-data; name="${name}"\r\n\r\n${value}`;

describe('the one-click unsubscribe POST (RFC 8058)', () => {
  it('is a body of exactly List-Unsubscribe=One-Click, form-urlencoded (as API Gateway passes it, or as text) or multipart', () => {
    expect(isOneClickUnsubscribe(post(URLENCODED, 'List-Unsubscribe=One-Click'))).toBe(true);
    expect(isOneClickUnsubscribe(post(URLENCODED, 'List-Unsubscribe=One-Click', false))).toBe(true);
    expect(
      isOneClickUnsubscribe(post(`${URLENCODED}; charset=utf-8`, 'List-Unsubscribe=One-Click\r\n')),
    ).toBe(true);
    const body = multipart([field('List-Unsubscribe', 'One-Click')]);
    expect(isOneClickUnsubscribe(post('multipart/form-data; boundary=b0undary', body))).toBe(true);
    expect(
      isOneClickUnsubscribe(post('multipart/form-data; boundary="b0undary"', `preamble\r\n${body}`)),
    ).toBe(true);
  });

  it('is nothing else: another field beside it, another value, another page’s form, another encoding', () => {
    for (const body of [
      'List-Unsubscribe=One-Click&confirm=yes',
      'confirm=yes&csrf=abc',
      'List-Unsubscribe=one-click',
      'List-Unsubscribe=One-Click&List-Unsubscribe=One-Click',
      'list-unsubscribe=One-Click',
      '',
    ])
      expect(isOneClickUnsubscribe(post(URLENCODED, body)), body).toBe(false);
    expect(isOneClickUnsubscribe(post(URLENCODED, undefined))).toBe(false);
    expect(isOneClickUnsubscribe(post('text/plain', 'List-Unsubscribe=One-Click'))).toBe(false);
    expect(isOneClickUnsubscribe(post('application/json', '{"List-Unsubscribe":"One-Click"}'))).toBe(false);
    expect(isOneClickUnsubscribe(post(undefined, 'List-Unsubscribe=One-Click'))).toBe(false);
    const type = 'multipart/form-data; boundary=b0undary';
    for (const body of [
      multipart([field('List-Unsubscribe', 'One-Click'), field('confirm', 'yes')]),
      multipart([field('List-Unsubscribe', 'One-Click')], 'other'),
      multipart([field('confirm', 'yes')]),
      multipart([`Content-Disposition: attachment; name="List-Unsubscribe"\r\n\r\nOne-Click`]),
      `--b0undary\r\n${field('List-Unsubscribe', 'One-Click')}\r\n`, // never closed
    ])
      expect(isOneClickUnsubscribe(post(type, body)), body).toBe(false);
    expect(
      isOneClickUnsubscribe(post('multipart/form-data', multipart([field('List-Unsubscribe', 'One-Click')]))),
    ).toBe(false);
  });
});
