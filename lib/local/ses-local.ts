import type { Server } from 'node:http';
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
  };
}
