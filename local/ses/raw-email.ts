import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { createEmlContent } from 'aws-ses-v2-local/dist/emlFile.js';
import { type Email, getStoreReadonly, saveEmail } from 'aws-ses-v2-local/dist/store.js';
import { getCurrentTimestamp, getMessageId } from 'aws-ses-v2-local/dist/util.js';
import { type AddressObject, type HeaderLines, simpleParser } from 'mailparser';

/**
 * SES's SendRawEmail (the API the mailer uses) in front of aws-ses-v2-local: the message parsed
 * with mailparser, as the package itself does, and kept in the package's store with every header
 * as it came (`headers`, `[{ name, value }]`, unfolded, encoded words left as they are), so that
 * `GET /store` and the mailbox page show what a mail client would see (List-Unsubscribe…).
 * Everything else goes on to the package.
 */
export type Listener = (request: IncomingMessage, response: ServerResponse) => void;

export type StoredHeader = { name: string; value: string };

/** A message's header fields in order, as written, each unfolded onto one line (RFC 5322 §2.2.3). */
export function headerFields(lines: HeaderLines): StoredHeader[] {
  return lines.map(({ line }) => {
    const colon = line.indexOf(':');
    return {
      name: line.slice(0, colon),
      value: line
        .slice(colon + 1)
        .replace(/\r?\n(?=[ \t])/g, '')
        .trim(),
    };
  });
}

const addresses = (field: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(field) ? field : field ? [field] : []).map((address) => address.text);

const xml = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><SendRawEmailResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/">${body}</SendRawEmailResponse>`;

async function sendRawEmail(form: Record<string, string>, response: ServerResponse) {
  const data = form['RawMessage.Data'];
  if (!data) {
    response.writeHead(400, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ message: 'Bad Request Exception', detail: 'RawMessage.Data is missing' }));
    return;
  }
  const message = await simpleParser(Buffer.from(data, 'base64'));
  const from = message.from?.text ?? form.Source;
  if (!from) {
    response.writeHead(400, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ message: 'Bad Request Exception', detail: 'No Source and no From' }));
    return;
  }
  const messageId = getMessageId();
  saveEmail({
    messageId,
    from,
    replyTo: addresses(message.replyTo),
    destination: { to: addresses(message.to), cc: addresses(message.cc), bcc: addresses(message.bcc) },
    subject: message.subject ?? '(no subject)',
    body: { text: message.text, html: message.html || undefined },
    attachments: message.attachments.map((a) => ({
      content: a.content.toString('base64'),
      contentType: a.contentType,
      ...(a.filename ? { filename: a.filename } : {}),
      size: a.size,
    })),
    headers: headerFields(message.headerLines),
    at: getCurrentTimestamp(),
  });
  response.writeHead(200, { 'content-type': 'text/xml' });
  response.end(xml(`<SendRawEmailResult><MessageId>${messageId}</MessageId></SendRawEmailResult>`));
}

/** The header fields nodemailer writes itself when it rebuilds a message for download. */
const BUILT_HEADERS = /^(from|to|cc|bcc|reply-to|subject|date|message-id|mime-version|content-.*)$/i;

/** The package's "Email Download", from the stored message, with the headers it does not write itself. */
async function emlDownload(messageId: string, response: ServerResponse) {
  const email = getStoreReadonly().emails.find((stored) => stored.messageId === messageId);
  if (!email) {
    response.writeHead(400, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ message: 'Email not found within the store' }));
    return;
  }
  const headers = email.headers?.filter((header) => !BUILT_HEADERS.test(header.name));
  const { headers: _, ...rest } = email;
  const eml = await createEmlContent({ ...rest, ...(headers?.length ? { headers } : {}) } as Email);
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify(eml));
}

// The package's mailbox page, with each message's headers under its subject. The page is the
// package's own: if an upgrade moves the line this hooks onto, the runtime says so at start.
// biome-ignore lint/suspicious/noTemplateCurlyInString: a line of the page's own template literal
const PAGE_ANCHOR = '<p><b>At:</b> ${new Date(e.at * 1000)}</p>';
const HEADERS_BLOCK =
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a piece of the page's template literal
  "${e.headers?.length ? `<details><summary>Headers</summary><pre class=\"email-headers\" style=\"white-space:pre-wrap\">${escape(e.headers.map((h) => h.name + ': ' + h.value).join('\\n'))}</pre></details>` : ''}";

export function mailboxPage(): string {
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve('aws-ses-v2-local/package.json'));
  const page = readFileSync(path.join(dir, 'static', 'index.html'), 'utf8');
  if (!page.includes(PAGE_ANCHOR))
    throw new Error('aws-ses-v2-local’s mailbox page changed: local/ses/raw-email.ts cannot add the headers');
  return page.replace(PAGE_ANCHOR, `${PAGE_ANCHOR}\n                    ${HEADERS_BLOCK}`);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function failed(response: ServerResponse, error: unknown) {
  if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ message: 'InternalFailure', detail: String(error) }));
}

/**
 * The listener in front of the package's: SendRawEmail, the mailbox page and its download here,
 * the rest to `forward`. A form it has read goes on as `request.body`, which the package's body
 * parser keeps (it reads no request already read to its end).
 */
export function rawEmailFront(forward: Listener): Listener {
  const page = mailboxPage();
  return (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (request.method === 'GET' && url.pathname === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(page);
      return;
    }
    if (request.method === 'GET' && url.pathname === '/get-emlContent') {
      emlDownload(url.searchParams.get('messageId') ?? '', response).catch((error) =>
        failed(response, error),
      );
      return;
    }
    const form =
      request.method === 'POST' &&
      url.pathname === '/' &&
      /^application\/x-www-form-urlencoded\b/i.test(request.headers['content-type'] ?? '');
    // Unsigned requests go to the package, which refuses them as SES would.
    if (!form || !request.headers.authorization?.startsWith('AWS')) {
      forward(request, response);
      return;
    }
    readBody(request)
      .then((raw) => {
        const fields = Object.fromEntries(new URLSearchParams(raw));
        // The form as read, for the package and for whoever watches the sends (index.ts's onSent).
        Object.assign(request, { body: fields });
        if (fields.Action === 'SendRawEmail') return sendRawEmail(fields, response);
        forward(request, response);
      })
      .catch((error) => failed(response, error));
  };
}
