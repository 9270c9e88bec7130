import * as z from '../contract/zod.ts';
import type { CaseRecord } from './case.ts';

/**
 * The one-question survey after a case closes (DESIGN §2: "offer a one-question survey"): 1–5 and
 * an optional comment, once per case, pure.
 */
export const SURVEY_SCORES = ['1', '2', '3', '4', '5'] as const;
export const SURVEY_COMMENT_MAX = 1000;

export const SurveyFormSchema = z.object({
  score: z.pipe(z.enum(SURVEY_SCORES, { error: 'score-required' }), z.transform(Number)),
  comment: z._default(
    z.optional(z.string().check(z.trim()).check(z.maxLength(SURVEY_COMMENT_MAX, 'comment-too-long'))),
    '',
  ),
});
export type SurveyForm = z.infer<typeof SurveyFormSchema>;

/** Only a case that closed well is asked how it went: paid, or credited (settled). */
export const surveyOffered = (record: Pick<CaseRecord, 'status'>): boolean =>
  record.status === 'paid' || record.status === 'credited';

/** Why the survey cannot be answered now, or undefined when it can. */
export function surveyUnavailable(
  record: Pick<CaseRecord, 'status' | 'surveyAnsweredAt'>,
): 'not-closed' | 'already-answered' | undefined {
  if (!surveyOffered(record)) return 'not-closed';
  if (record.surveyAnsweredAt) return 'already-answered';
  return undefined;
}

/** The timeline entry and the SurveyAnswered event's detail for a valid answer. */
export function surveyAnswer(record: Pick<CaseRecord, 'caseId' | 'accountId'>, form: SurveyForm, now: Date) {
  const at = now.toISOString();
  const answer = { score: form.score, ...(form.comment ? { comment: form.comment } : {}) };
  return {
    entry: { type: 'SurveyAnswered', at, entryId: 'survey', data: answer },
    detail: { caseId: record.caseId, accountId: record.accountId, at, ...answer },
  };
}
