import { ONE_CLICK_UNSUBSCRIBE } from '../contract/routes.ts';
import type { HttpApiEvent } from './middleware/http-api.ts';

/**
 * Whether a POST is RFC 8058's one-click unsubscribe: its body holds the one field
 * `List-Unsubscribe=One-Click` and nothing else, form-urlencoded or multipart/form-data (the two
 * encodings the RFC allows). Any other body is a form of the portal's, which needs its CSRF token.
 */
export function isOneClickUnsubscribe(event: HttpApiEvent): boolean {
  if (!event.body) return false;
  const body = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  const contentType = event.headers['content-type'] ?? '';
  const fields = /^application\/x-www-form-urlencoded\s*(;|$)/i.test(contentType)
    ? [...new URLSearchParams(body.replace(/\r?\n$/, ''))]
    : /^multipart\/form-data\s*;/i.test(contentType)
      ? multipartFields(body, contentType)
      : undefined;
  return (
    fields?.length === 1 &&
    fields[0]?.[0] === ONE_CLICK_UNSUBSCRIBE.field &&
    fields[0][1] === ONE_CLICK_UNSUBSCRIBE.value
  );
}

/** A multipart/form-data body's fields as [name, value]; undefined when it is not well formed. */
function multipartFields(body: string, contentType: string): [string, string][] | undefined {
  const boundary = /;\s*boundary=(?:"([^"]+)"|([^\s;]+))/i.exec(contentType);
  const delimiter = `--${boundary?.[1] ?? boundary?.[2] ?? ''}`;
  if (delimiter === '--') return undefined;
  // Before the first delimiter a preamble, after the closing one an epilogue: both ignored.
  const [, ...rest] = body.split(`${delimiter}`);
  const closing = rest.findIndex((part) => part.startsWith('--'));
  if (closing < 0) return undefined;
  const fields: [string, string][] = [];
  for (const part of rest.slice(0, closing)) {
    const match = /^[ \t]*\r\n([\s\S]*?)\r\n\r\n([\s\S]*)\r\n$/.exec(part);
    if (!match) return undefined;
    const headers = match[1]?.split('\r\n') ?? [];
    const disposition = headers.find((line) => /^content-disposition:/i.test(line)) ?? '';
    const name = /;\s*name="([^"]*)"/i.exec(disposition)?.[1];
    if (!/^content-disposition:\s*form-data\s*;/i.test(disposition) || name === undefined) return undefined;
    fields.push([name, match[2] ?? '']);
  }
  return fields;
}
