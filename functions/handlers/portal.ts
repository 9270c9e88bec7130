import { parser } from '@aws-lambda-powertools/parser/middleware';
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import middy from '@middy/core';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { verifyLink } from '../domain/links.ts';
import { policyFor } from '../domain/policy.ts';
import { SECURITY_HEADERS } from '../portal/layout.ts';
import { accountPage, homePage, languageFromHeader, linkNotFoundPage } from '../portal/pages.ts';
import { CaseStore } from '../shared/case-store.ts';
import { env, loadConfig } from '../shared/config.ts';
import { linkSecret } from '../shared/link-secret.ts';
import { logger } from '../shared/logger.ts';

const config = loadConfig({ TABLE_NAME: env.tableName, LINK_SECRET_ARN: env.arn });
const store = new CaseStore(config.TABLE_NAME);

const html = (statusCode: number, body: string): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: SECURITY_HEADERS,
  body,
});

/** The debtor's pages. Every link that does not open a case gets the same 404 page (no enumeration). */
export const handler = middy()
  .use(parser({ schema: APIGatewayProxyEventV2Schema }))
  .handler(async (event): Promise<APIGatewayProxyStructuredResultV2> => {
    const language = languageFromHeader(event.headers?.['accept-language']);
    if (event.routeKey === 'GET /') return html(200, homePage(language));
    const link = event.pathParameters?.link ?? '';
    const claims = verifyLink(link, await linkSecret(config.LINK_SECRET_ARN), new Date());
    const record = claims ? await store.getCase(claims.caseId) : undefined;
    if (!claims || !record) {
      logger.info('Link refused', { routeKey: event.routeKey, requestId: event.requestContext.requestId });
      return html(404, linkNotFoundPage(language));
    }
    return html(200, accountPage(record, policyFor(record.debtor.segment).creditorName));
  });
