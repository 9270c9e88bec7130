import { dynamoCases } from '../adapters/dynamodb/cases.ts';
import { isActive } from '../domain/case.ts';
import { actionUnavailable, DEBTOR_ACTIONS, type DebtorAction } from '../domain/debtor-actions.ts';
import { statementOf } from '../domain/statement.ts';
import { surveyOffered, surveyUnavailable } from '../domain/survey.ts';
import { actionDonePage, actionLinks } from '../portal/action-pages.ts';
import { documentsLink } from '../portal/document-pages.ts';
import { keepLanguageForm } from '../portal/language-form.ts';
import { accountPage, historyPage, homePage } from '../portal/pages.ts';
import { STATEMENT_ROUTE, statementLink, statementPage } from '../portal/statement-page.ts';
import { surveyMessagePage, thankYouPage } from '../portal/survey-pages.ts';
import { TEXTS_PAGE, textsLink, textsPage } from '../portal/text-pages.ts';
import { loadFunctionConfig } from '../shared/config.ts';
import { actionForm } from './portal-forms.ts';
import { type CaseRoutes, html, portalHandler, type Route } from './portal-request.ts';

/**
 * The portal's pages (every GET but the documents page): what a debtor's click on a link opens,
 * so it reads and renders only; it sends, publishes and writes nothing (portalActions does).
 */
const config = loadFunctionConfig('portalPages');
const store = dynamoCases(config.TABLE_NAME);

const accountRoute: Route = ({ record, view, csrf }) => {
  if (surveyOffered(record)) return html(200, thankYouPage(record, view, { csrf, current: 'account' }));
  const links = actionLinks(view, (candidate) => !actionUnavailable(record, candidate));
  // Texts (issue 16): consent and the channel, while the case is active.
  const texts = isActive(record.status) ? textsLink(view) : '';
  // A placed case names its agency and how to reach it (issue 14).
  const agency = config.AGENCIES.find((candidate) => candidate.agencyId === record.agency?.agencyId);
  return html(
    200,
    accountPage(
      record,
      view,
      links +
        documentsLink(record, view) +
        texts +
        statementLink(view) +
        keepLanguageForm(record, view, csrf),
      agency,
    ),
  );
};

const textsRoute: Route = ({ record, view, csrf, done, event }) =>
  html(
    200,
    textsPage(record, view, {
      csrf,
      saved: done,
      welcomeSent: done && new URLSearchParams(event.rawQueryString ?? '').has('welcome'),
    }),
  );

/** The agency a timeline entry names, as the stack configures it (its name and how to reach it). */
const agencyOf = (agencyId: string) => config.AGENCIES.find((candidate) => candidate.agencyId === agencyId);

const historyRoute: Route = async ({ record, view }) =>
  html(200, historyPage(await store.timeline(record.caseId), view, agencyOf));

/** The statement of account (issue 16): every invoice, payment and credit, printable; its PDF is portalStatement's. */
const statementRoute: Route = async ({ record, view }) =>
  html(200, statementPage(statementOf(record, await store.timeline(record.caseId)), view));

const surveyPageRoute: Route = ({ record, view, csrf, done }) => {
  if (done) return html(200, surveyMessagePage(view, 'done'));
  if (surveyUnavailable(record) === 'not-closed') return html(200, surveyMessagePage(view, 'notClosed'));
  return html(200, thankYouPage(record, view, { csrf }));
};

const actionPageRoute =
  (action: DebtorAction): Route =>
  (request) => {
    const { record, view, done } = request;
    if (!done) {
      // The plan offer's links open the plan page with one schedule chosen (`?plan=3x30d`): shown
      // only; accepting it is the form's POST, so a mail scanner opening the link changes nothing.
      const chosen =
        action === 'plan' ? new URLSearchParams(request.event.rawQueryString ?? '').get('plan') : null;
      return actionForm(
        request,
        action,
        200,
        chosen ? { values: { planId: chosen }, errors: {} } : undefined,
      );
    }
    // The pause this action set, if it is still the case's (a page read again later may find it over).
    const pause =
      record.pause?.reason === action || (action === 'fewer-reminders' && record.pause?.reason === 'cadence')
        ? record.pause
        : undefined;
    return html(
      200,
      actionDonePage({
        record,
        action,
        view,
        ...(pause?.promisedDate ? { promisedDate: pause.promisedDate } : {}),
        ...(pause ? { pausedUntil: pause.until } : {}),
        ...(record.callback ? { callback: record.callback } : {}),
        ...(action === 'snooze' && pause && record.snooze ? { remindOn: record.snooze.remindOn } : {}),
        ...(action === 'dispute' ? { more: documentsLink(record, view) } : {}),
      }),
    );
  };

const PAGE_ROUTES: CaseRoutes = {
  '': { GET: accountRoute },
  history: { GET: historyRoute },
  [STATEMENT_ROUTE]: { GET: statementRoute },
  survey: { GET: surveyPageRoute },
  [TEXTS_PAGE]: { GET: textsRoute },
  ...Object.fromEntries(DEBTOR_ACTIONS.map((action) => [action, { GET: actionPageRoute(action) }])),
};

export const handler = portalHandler({
  routes: PAGE_ROUTES,
  getCase: (caseId) => store.getCase(caseId),
  linkSecretArn: config.LINK_SECRET_ARN,
  creditor: config.CREDITOR,
  home: homePage,
});
