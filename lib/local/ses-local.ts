import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sesLocalModule from 'aws-ses-v2-local';

// A CommonJS package with an `exports.default`: under Node's ESM interop the function sits one level down.
type StartServer = (config?: { host?: string; port?: number }) => Promise<Server>;
const loaded = sesLocalModule as unknown as StartServer | { default: StartServer };
const server: StartServer = typeof loaded === 'function' ? loaded : loaded.default;

export type LocalMail = {
  url: string;
  close(): Promise<void>;
  /** Every email received so far (aws-ses-v2-local's GET /store). */
  emails(): Promise<StoredEmail[]>;
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
};

/** aws-ses-v2-local: SES's SendEmail API plus a mailbox page to read and click the emails. */
export async function startSesLocal(): Promise<LocalMail> {
  const http = await server({ host: '127.0.0.1', port: 0 });
  const { port } = http.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  // The outage sits in front of the package's own handler: a POST is a send (SES v1 and v2 alike).
  let down = false;
  const handlers = http.listeners('request') as ((
    request: IncomingMessage,
    response: ServerResponse,
  ) => void)[];
  http.removeAllListeners('request');
  http.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (down && request.method === 'POST') {
      response.writeHead(503, { 'content-type': 'text/xml' });
      response.end(
        '<ErrorResponse><Error><Type>Receiver</Type><Code>ServiceUnavailable</Code><Message>Service is unavailable</Message></Error></ErrorResponse>',
      );
      return;
    }
    for (const handler of handlers) handler.call(http, request, response);
  });
  return {
    url,
    close: () =>
      new Promise((resolve) => {
        http.closeAllConnections?.();
        http.close(() => resolve());
      }),
    async emails() {
      const response = await fetch(`${url}/store`);
      const store = (await response.json()) as { emails: StoredEmail[] };
      return store.emails;
    },
    outage: (on) => {
      down = on;
    },
  };
}
