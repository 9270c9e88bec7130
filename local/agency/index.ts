import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  AGENCY_REPORT_KINDS,
  AGENCY_SIGNATURE_HEADER,
  AGENCY_TIMESTAMP_HEADER,
  type AgencyReportKind,
} from '../../functions/contract/agency.ts';
import { agencySignature } from '../../functions/domain/agency.ts';
import { httpServer, type ListenOptions, listen, readBody, sendJson } from '../http-server.ts';

/** One placement or forward the agency received, as `GET /placements` lists it. */
export type ReceivedItem = {
  /** `placement` for a case file (CasePlacedWithAgency), else the forward's kind (payment, recall …). */
  kind: string;
  accountId: string;
  caseId: string;
  /** The event's id (EventBridge's, the same on a retry): each is kept once. */
  eventId: string;
  receivedAt: string;
  detail: Record<string, unknown>;
};

/** What a report sent back did: the webhook's answer. */
export type SentReport = { status: number; body: unknown; report: Record<string, unknown> };

export type LocalAgencyOptions = ListenOptions & {
  agencyId: string;
  name: string;
  /** The API key the connection sends (its header and value): a placement without it is refused. */
  apiKey: { headerName: string; value: string };
  /** The secret reports are signed with (the one Secrets Manager holds for the webhook). */
  reportSecret: string;
  /** Where the portal's API is: reports go to `{api}/agency/{agencyId}/reports`. */
  apiUrl: () => string;
};

export type LocalAgency = {
  url: string;
  /** The API destination's endpoint (placements and forwards are POSTed here). */
  endpoint: string;
  received(): ReceivedItem[];
  /** Signs and sends a report on the account's latest placed case, as the agency would. */
  report(input: {
    accountId: string;
    kind: AgencyReportKind;
    amount?: { amount: number; currency: string };
  }): Promise<SentReport>;
  close(): Promise<void>;
};

const MAX_BODY = 256 * 1024;

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/**
 * A small collection agency of its own for `npm start` and the tests (issue 14): it takes the
 * placements and forwards the local bus delivers to its endpoint (the API destination, with the
 * connection's API key), shows them on a page, lists them as JSON, and sends signed reports back.
 *
 * - `POST /placements`: the API destination's endpoint.
 * - `GET /placements`: every placement and forward received, oldest first (a public contract).
 * - `POST /reports` `{ accountId, kind, amount? }`: sends that report, signed, to the webhook.
 * - `GET /`: the page.
 */
export async function startLocalAgency(options: LocalAgencyOptions): Promise<LocalAgency> {
  const received: ReceivedItem[] = [];

  const report: LocalAgency['report'] = async ({ accountId, kind, amount }) => {
    const placed = [...received]
      .reverse()
      .find((item) => item.kind === 'placement' && item.accountId === accountId);
    const body = {
      reportId: `report-${randomUUID()}`,
      caseId: placed?.caseId ?? `${accountId}-unknown`,
      accountId,
      kind,
      ...(amount ? { amount } : {}),
      reportedAt: new Date().toISOString(),
    };
    const text = JSON.stringify(body);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const response = await fetch(
      `${options.apiUrl()}/agency/${encodeURIComponent(options.agencyId)}/reports`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [AGENCY_TIMESTAMP_HEADER]: timestamp,
          [AGENCY_SIGNATURE_HEADER]: agencySignature(options.reportSecret, timestamp, text),
        },
        body: text,
      },
    );
    const answer = await response.text();
    let parsed: unknown = answer;
    try {
      parsed = JSON.parse(answer);
    } catch {}
    return { status: response.status, body: parsed, report: body };
  };

  const receive = async (request: IncomingMessage, response: ServerResponse) => {
    if (request.headers[options.apiKey.headerName.toLowerCase()] !== options.apiKey.value)
      return sendJson(response, 401, { message: 'Missing or wrong API key' });
    const event = JSON.parse((await readBody(request, MAX_BODY)).toString('utf8')) as {
      id: string;
      'detail-type': string;
      detail: Record<string, unknown>;
    };
    if (!received.some((item) => item.eventId === event.id)) {
      received.push({
        kind: event['detail-type'] === 'CasePlacedWithAgency' ? 'placement' : String(event.detail.kind),
        accountId: String(event.detail.accountId),
        caseId: String(event.detail.caseId),
        eventId: event.id,
        receivedAt: new Date().toISOString(),
        detail: event.detail,
      });
    }
    sendJson(response, 202, { received: event.id });
  };

  const sendReport = async (request: IncomingMessage, response: ServerResponse) => {
    let input: { accountId?: unknown; kind?: unknown; amount?: unknown };
    try {
      input = JSON.parse((await readBody(request, MAX_BODY)).toString('utf8'));
    } catch {
      return sendJson(response, 400, { message: 'The body is not JSON' });
    }
    const kind = AGENCY_REPORT_KINDS.find((candidate) => candidate === input.kind);
    const amount = input.amount as { amount?: unknown; currency?: unknown } | undefined;
    const amountOk =
      amount === undefined ||
      (Number.isInteger(amount.amount) &&
        typeof amount.currency === 'string' &&
        /^[A-Z]{3}$/.test(amount.currency));
    if (typeof input.accountId !== 'string' || !input.accountId || !kind || !amountOk)
      return sendJson(response, 400, {
        message: `Send { "accountId", "kind": ${AGENCY_REPORT_KINDS.map((k) => `"${k}"`).join(' | ')}, "amount"?: { "amount", "currency" } }`,
      });
    const sent = await report({
      accountId: input.accountId,
      kind,
      ...(amount ? { amount: amount as { amount: number; currency: string } } : {}),
    });
    sendJson(response, sent.status, sent);
  };

  const page = (response: ServerResponse) => {
    const rows = received
      .map(
        (item) =>
          `<tr><td>${escapeHtml(item.receivedAt)}</td><td>${escapeHtml(item.kind)}</td><td>${escapeHtml(item.accountId)}</td><td>${escapeHtml(item.caseId)}</td><td><code>${escapeHtml(JSON.stringify(item.detail.balance ?? ''))}</code></td></tr>`,
      )
      .join('\n');
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(options.name)} (local agency)</title></head>
<body><h1>${escapeHtml(options.name)}</h1>
<p>Placements and forwards received (JSON: <a href="/placements">/placements</a>). Send a report: <code>POST /reports {"accountId", "kind": "collected" | "disputed" | "returned" | "closed", "amount"?: {"amount", "currency"}}</code>.</p>
<table><thead><tr><th>Received</th><th>Kind</th><th>Account</th><th>Case</th><th>Balance</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>`;
    response.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': Buffer.byteLength(html),
    });
    response.end(html);
  };

  const server = await listen(
    httpServer(async (request, response) => {
      const { pathname } = new URL(request.url ?? '/', 'http://local');
      if (request.method === 'POST' && pathname === '/placements') return receive(request, response);
      if (request.method === 'GET' && pathname === '/placements') return sendJson(response, 200, received);
      if (request.method === 'POST' && pathname === '/reports') return sendReport(request, response);
      if (request.method === 'GET' && pathname === '/') return page(response);
      sendJson(response, 404, { message: 'Not found' });
    }),
    options,
  );
  return {
    url: server.url,
    endpoint: `${server.url}/placements`,
    received: () => [...received],
    report,
    close: () => server.close(),
  };
}
