import middy from '@middy/core';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { dynamoCases } from '../adapters/dynamodb/cases.ts';
import { dynamoOutbox } from '../adapters/dynamodb/outbox.ts';
import { dynamoReplies } from '../adapters/dynamodb/replies.ts';
import { agencySecret } from '../adapters/secrets/agency-secret.ts';
import { sfnWorkflow } from '../adapters/sfn/workflow.ts';
import {
  AGENCY_REPORT_WINDOW_SECONDS,
  AGENCY_SIGNATURE_HEADER,
  AGENCY_TIMESTAMP_HEADER,
  AgencyReportSchema,
} from '../contract/agency.ts';
import { verifyAgencySignature } from '../domain/agency.ts';
import { loadFunctionConfig } from '../shared/config.ts';
import { logger } from '../shared/logger.ts';
import { receiveAgencyReport } from '../use-cases/receive-agency-report.ts';
import { httpApiMiddleware } from './middleware/http-api.ts';

const config = loadFunctionConfig('receiveAgencyReport');
const ports = {
  store: {
    ...dynamoCases(config.TABLE_NAME),
    ...dynamoReplies(config.TABLE_NAME),
    ...dynamoOutbox(config.TABLE_NAME),
  },
  workflow: sfnWorkflow(),
};

const json = (statusCode: number, body: Record<string, unknown>): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  body: JSON.stringify(body),
});

/**
 * POST /agency/{agencyId}/reports (issue 14): an agency's signed report on a case placed with it.
 * The signature (HMAC-SHA256 over `<timestamp>.<body>` with the agency's own secret) is checked
 * before anything is read: a bad or missing one is a 401, a timestamp more than 5 minutes away a
 * 401 too, and nothing is recorded. Then the body is checked (400), and the report taken once by
 * its id (a repeat answers 200 as the first did).
 */
export const handler = middy()
  .use(httpApiMiddleware())
  .handler(async (event) => {
    const agencyId = event.pathParameters?.agencyId ?? '';
    const agency = config.AGENCIES.find((candidate) => candidate.agencyId === agencyId);
    if (!agency) return json(404, { message: 'No such agency' });
    const body = event.isBase64Encoded
      ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
      : (event.body ?? '');
    const verdict = verifyAgencySignature({
      secret: await agencySecret(agency.reportSecretArn),
      timestamp: event.headers[AGENCY_TIMESTAMP_HEADER],
      signature: event.headers[AGENCY_SIGNATURE_HEADER],
      body,
      now: new Date(),
      windowSeconds: AGENCY_REPORT_WINDOW_SECONDS,
    });
    if (verdict !== 'valid') {
      logger.warn('Agency report refused', { agencyId, verdict });
      return json(401, { message: verdict === 'stale' ? 'Timestamp outside the window' : 'Bad signature' });
    }
    let parsedBody: unknown;
    try {
      parsedBody = JSON.parse(body);
    } catch {
      return json(400, { message: 'The body is not JSON' });
    }
    const parsed = AgencyReportSchema.safeParse(parsedBody);
    if (!parsed.success)
      return json(400, {
        message: 'The report does not match its schema',
        issues: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
      });
    const result = await receiveAgencyReport(agencyId, parsed.data, ports, {
      daySeconds: config.DAY_SECONDS,
    });
    switch (result.outcome) {
      case 'recorded':
        return json(200, { status: 'recorded', reportId: parsed.data.reportId });
      case 'duplicate':
        return json(200, { status: 'duplicate', reportId: parsed.data.reportId });
      case 'unknown-case':
        return json(404, { message: 'No such case placed with this agency' });
      case 'not-placed':
        return json(409, { message: 'The case is no longer placed with this agency' });
      case 'rejected':
        return json(422, { message: result.reason });
    }
  });
