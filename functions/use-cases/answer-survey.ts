import { CaseDetailType } from '../contract/events.ts';
import type { CaseRecord } from '../domain/case.ts';
import { SurveyFormSchema, surveyAnswer } from '../domain/survey.ts';
import type { Cases, Outbox } from '../ports/case-store.ts';
import { fieldErrors } from './debtor-action.ts';
import { queueFollowUp } from './follow-ups.ts';

export type SurveyPorts = {
  store: Pick<Cases, 'recordSurveyAnswer'> & Pick<Outbox, 'putInOutbox'>;
};

/** The debtor answers the survey after a closed case: recorded once on the timeline, then SurveyAnswered. */
export async function answerSurvey(
  record: CaseRecord,
  values: Record<string, string>,
  now: Date,
  ports: SurveyPorts,
): Promise<{ ok: true } | { ok: false; errors: Record<string, string> } | { ok: false; answered: true }> {
  const parsed = SurveyFormSchema.safeParse(values);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const { entry, detail } = surveyAnswer(record, parsed.data, now);
  if (!(await ports.store.recordSurveyAnswer(record, entry))) return { ok: false, answered: true };
  // SurveyAnswered goes on the bus a moment later, through the outbox.
  await queueFollowUp(ports.store, {
    caseId: record.caseId,
    key: 'event-survey-answered',
    followUp: { type: 'event', detailType: CaseDetailType.surveyAnswered, detail },
    now,
  });
  return { ok: true };
}
