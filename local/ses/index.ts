import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sesLocalModule from 'aws-ses-v2-local';
import { type Listener, rawEmailFront, type StoredHeader } from './raw-email.ts';

// A CommonJS package with an `exports.default`: under Node's ESM interop the function sits one level down.
type StartServer = (config?: { host?: string; port?: number }) => Promise<Server>;
const loaded = sesLocalModule as unknown as StartServer | { default: StartServer };
const server: StartServer = typeof loaded === 'function' ? loaded : loaded.default;

export type LocalMail = {
  url: string;
  close(): Promise<void>;
  /** Every email received so far, oldest first (aws-ses-v2-local's GET /store). */
  emails(): Promise<StoredEmail[]>;
  /** The emails to one address so far, oldest first. */
  emailsTo(address: string): Promise<StoredEmail[]>;
  /** While on, every send fails as in an SES outage (503 ServiceUnavailable), to test what survives one. */
  outage(on: boolean): void;
};

export type StoredEmail = {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  at: number;
  /** Every header of a raw message as it came, in order (raw-email.ts); none for SendEmail's. */
  headers?: StoredHeader[];
};

/**
 * aws-ses-v2-local: SES's SendEmail API plus a mailbox page to read and click the emails; SendRawEmail
 * (what the mailer sends) in front of it, keeping each message's headers (raw-email.ts).
 */
export async function startSesLocal(): Promise<LocalMail> {
  const http = await server({ host: '127.0.0.1', port: 0 });
  const { port } = http.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  // The mailbox as read so far, by recipient too: each read fetches only what came since the last.
  // Reading the whole store each time grew with every email (long test runs send tens of
  // thousands). The store is append-only with non-decreasing `at` (whole seconds), and `since`
  // returns the last second again: the ones of it already read are skipped by count (message ids
  // are random and may repeat).
  const received: StoredEmail[] = [];
  const byRecipient = new Map<string, StoredEmail[]>();
  let since = 0;
  let readAtSince = 0;
  let reading: Promise<void> = Promise.resolve();
  async function read() {
    const response = await fetch(`${url}/store${since > 0 ? `?since=${since}` : ''}`);
    const store = (await response.json()) as { emails: StoredEmail[] };
    let skip = readAtSince;
    for (const email of store.emails) {
      if (email.at === since && skip > 0) {
        skip--;
        continue;
      }
      received.push(email);
      for (const to of new Set(email.destination.to)) {
        const list = byRecipient.get(to) ?? [];
        list.push(email);
        byRecipient.set(to, list);
      }
      if (email.at > since) {
        since = email.at;
        readAtSince = 0;
      }
      readAtSince++;
    }
  }
  // One read at a time: two at once would both take the same new emails.
  const catchUp = () => {
    reading = reading.then(read, read);
    return reading;
  };
  // The outage sits in front of the package's own handler: a POST is a send (SES v1 and v2 alike).
  let down = false;
  const handlers = http.listeners('request') as Listener[];
  http.removeAllListeners('request');
  const front = rawEmailFront((request, response) => {
    for (const handler of handlers) handler.call(http, request, response);
  });
  http.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (down && request.method === 'POST') {
      response.writeHead(503, { 'content-type': 'text/xml' });
      response.end(
        '<ErrorResponse><Error><Type>Receiver</Type><Code>ServiceUnavailable</Code><Message>Service is unavailable</Message></Error></ErrorResponse>',
      );
      return;
    }
    front(request, response);
  });
  return {
    url,
    close: () =>
      new Promise((resolve) => {
        http.closeAllConnections?.();
        http.close(() => resolve());
      }),
    async emails() {
      await catchUp();
      return [...received];
    },
    async emailsTo(address) {
      await catchUp();
      return [...(byRecipient.get(address) ?? [])];
    },
    outage: (on) => {
      down = on;
    },
  };
}
