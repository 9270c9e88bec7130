import { actionUnavailable, type DebtorAction } from '../domain/debtor-actions.ts';
import { latestPromiseDate, latestSnoozeDate } from '../domain/journey.ts';
import { plansOnOffer } from '../domain/plan-journey.ts';
import { actionFormPage } from '../portal/action-pages.ts';
import { type CaseRequest, html, type Response } from './portal-request.ts';

/** An action's form, as it stands (portalPages) or with the debtor's values and what is wrong with them (portalActions). */
export function actionForm(
  { record, policy, view, csrf, now }: CaseRequest,
  action: DebtorAction,
  status: number,
  state?: { values: Record<string, string>; errors: Record<string, string> },
): Response {
  return html(
    status,
    actionFormPage({
      record,
      action,
      view,
      csrf,
      latestPromiseDate: latestPromiseDate(policy, view.today),
      latestSnoozeDate: latestSnoozeDate(policy, view.today),
      offers: action === 'plan' ? plansOnOffer(record, policy, now) : [],
      unavailable: actionUnavailable(record, action),
      ...(state ? { state } : {}),
    }),
  );
}
