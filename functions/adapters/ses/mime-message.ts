import MimeNode from 'nodemailer/lib/mime-node';
import { ONE_CLICK_BODY } from '../../contract/routes.ts';
import type { RenderedEmail } from '../../domain/emails.ts';

/**
 * What a message would otherwise take from the clock and the random source, fixed for a test or a
 * comparison: its Date, its multipart boundary and its Message-ID.
 */
export type MimeFixed = { date?: Date; baseBoundary?: string; messageId?: string };

/** An unsubscribe URL fit for a header as it stands: http(s), no whitespace, no angle brackets. */
const HEADER_URL = /^https?:\/\/[^\s<>"]+$/;

/**
 * One email as raw MIME (RFC 5322), built by nodemailer's MIME builder: From, To, Subject (encoded
 * words when not ASCII), Date, Message-ID, MIME-Version, and a multipart/alternative of the plain
 * text and the HTML, both UTF-8, lines ending in CRLF. When the email has an unsubscribe URL it
 * carries `List-Unsubscribe` and `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 2369,
 * RFC 8058): a mail client's "unsubscribe" POSTs `List-Unsubscribe=One-Click` to that URL.
 */
export async function mimeMessage(
  from: string,
  to: string,
  email: RenderedEmail,
  fixed: MimeFixed = {},
): Promise<Buffer> {
  const root = new MimeNode('multipart/alternative', {
    newline: 'win',
    ...(fixed.baseBoundary ? { baseBoundary: fixed.baseBoundary } : {}),
  });
  root.setHeader('From', from);
  root.setHeader('To', to);
  root.setHeader('Subject', email.subject);
  if (email.unsubscribeUrl !== undefined) {
    if (!HEADER_URL.test(email.unsubscribeUrl))
      throw new Error('The unsubscribe URL is not an http(s) URL that can stand in a header');
    // Prepared: written as it is (a URL is ASCII), not folded inside the angle brackets.
    root.setHeader('List-Unsubscribe', { prepared: true, value: `<${email.unsubscribeUrl}>` });
    root.setHeader('List-Unsubscribe-Post', ONE_CLICK_BODY);
  }
  if (fixed.date) root.setHeader('Date', fixed.date);
  if (fixed.messageId) root.setHeader('Message-ID', fixed.messageId);
  root.createChild('text/plain; charset=utf-8').setContent(email.text);
  root.createChild('text/html; charset=utf-8').setContent(email.html);
  return root.build();
}
