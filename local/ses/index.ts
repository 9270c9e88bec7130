import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sesLocalModule from 'aws-ses-v2-local';
import { type Listener, rawEmailFront, type StoredHeader } from './raw-email.ts';
import type { SentMail } from './simulator.ts';

export type { SentMail } from './simulator.ts';

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
  /** Calls `listener` with each message SES accepts (its id, addresses and configuration set). */
  onSent(listener: (mail: SentMail) => void): void;
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
  const listeners: ((mail: SentMail) => void)[] = [];
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
    if (request.method === 'POST') tellWhatWasSent(request, response, listeners);
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
    onSent: (listener) => {
      listeners.push(listener);
    },
  };
}

/**
 * Watches one request: once the package has answered a send with a message id, tells the listeners
 * what was sent, from the request as the package parsed it (`request.body`: SES v1's form fields or
 * v2's JSON) and the id in its answer.
 */
function tellWhatWasSent(
  request: IncomingMessage,
  response: ServerResponse,
  listeners: readonly ((mail: SentMail) => void)[],
) {
  const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
  response.end = ((...args: unknown[]) => {
    const chunk = args[0];
    const answer = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : '';
    const messageId = /<MessageId>([^<]+)<\/MessageId>|"MessageId"\s*:\s*"([^"]+)"/.exec(answer);
    const body = (request as IncomingMessage & { body?: Record<string, unknown> }).body;
    if (response.statusCode === 200 && messageId && body && listeners.length > 0) {
      const mail = sentMailOf(body, messageId[1] ?? messageId[2] ?? '');
      if (mail) for (const listener of listeners) listener(mail);
    }
    return end(...args);
  }) as typeof response.end;
}

const membersOf = (body: Record<string, unknown>, prefix: string) =>
  Object.keys(body)
    .filter((key) => key.startsWith(prefix))
    .map((key) => String(body[key]));

/** The addresses of a raw message's To, Cc and Bcc headers. */
function rawRecipients(raw: string): string[] {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  return unfolded
    .split(/\r?\n/)
    .filter((line) => /^(to|cc|bcc):/i.test(line))
    .flatMap((line) => line.replace(/^[^:]+:/, '').match(/[^\s<>,"]+@[^\s<>,"]+/g) ?? []);
}

/** What a send request sent: SES v1's SendEmail or SendRawEmail, or v2's SendEmail. */
function sentMailOf(body: Record<string, unknown>, messageId: string): SentMail | undefined {
  const at = new Date();
  if (body.Action === 'SendEmail' || body.Action === 'SendRawEmail') {
    const raw =
      typeof body['RawMessage.Data'] === 'string'
        ? Buffer.from(body['RawMessage.Data'], 'base64').toString('utf8')
        : undefined;
    const listed = [
      ...membersOf(body, 'Destination.ToAddresses.member.'),
      ...membersOf(body, 'Destination.CcAddresses.member.'),
      ...membersOf(body, 'Destination.BccAddresses.member.'),
      ...membersOf(body, 'Destinations.member.'),
    ];
    const destination = listed.length > 0 ? listed : raw ? rawRecipients(raw) : [];
    const fromHeader = raw ? /^from:\s*(.+)$/im.exec(raw)?.[1]?.trim() : undefined;
    return {
      messageId,
      source: String(body.Source ?? fromHeader ?? ''),
      destination,
      ...(typeof body['Message.Subject.Data'] === 'string' ? { subject: body['Message.Subject.Data'] } : {}),
      ...(typeof body.ConfigurationSetName === 'string'
        ? { configurationSet: body.ConfigurationSetName }
        : {}),
      at,
    };
  }
  const destination = body.Destination as Record<string, string[] | undefined> | undefined;
  if (!destination && !body.Content) return undefined;
  return {
    messageId,
    source: String(body.FromEmailAddress ?? ''),
    destination: [
      ...(destination?.ToAddresses ?? []),
      ...(destination?.CcAddresses ?? []),
      ...(destination?.BccAddresses ?? []),
    ],
    ...(typeof body.ConfigurationSetName === 'string' ? { configurationSet: body.ConfigurationSetName } : {}),
    at,
  };
}
