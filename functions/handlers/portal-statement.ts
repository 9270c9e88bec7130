import { dynamoCases } from '../adapters/dynamodb/cases.ts';
import { statementOf } from '../domain/statement.ts';
import { words } from '../i18n/catalogue.ts';
import { SECURITY_HEADERS } from '../portal/layout.ts';
import { STATEMENT_PDF_ROUTE } from '../portal/statement-page.ts';
import { statementPdf } from '../portal/statement-pdf.ts';
import { loadFunctionConfig } from '../shared/config.ts';
import { logger } from '../shared/logger.ts';
import { portalHandler, type Route } from './portal-request.ts';

/**
 * The statement of account as a PDF (issue 16): a function of its own, so the PDF library (jsPDF)
 * weighs on no other portal bundle. It reads the case and its timeline, and writes nothing.
 */
const config = loadFunctionConfig('portalStatement');
const store = dynamoCases(config.TABLE_NAME);

const statementPdfRoute: Route = async ({ record, view }) => {
  const statement = statementOf(record, await store.timeline(record.caseId));
  const pdf = statementPdf(statement, view, { debtorName: record.debtor.name, accountId: record.accountId });
  const name = `${words(view.language).account.statement.fileName}-${record.accountId.replace(/[^A-Za-z0-9_-]/g, '')}.pdf`;
  logger.info('Statement made', { lines: statement.lines.length, bytes: pdf.length });
  return {
    statusCode: 200,
    headers: {
      ...SECURITY_HEADERS,
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${name}"`,
      'cache-control': 'no-store',
    },
    body: Buffer.from(pdf).toString('base64'),
    isBase64Encoded: true,
  };
};

export const handler = portalHandler({
  routes: { [STATEMENT_PDF_ROUTE]: { GET: statementPdfRoute } },
  getCase: (caseId) => store.getCase(caseId),
  linkSecretArn: config.LINK_SECRET_ARN,
  creditor: config.CREDITOR,
});
