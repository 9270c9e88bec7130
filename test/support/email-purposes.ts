import { type ContactPurpose, EMAIL_PURPOSE } from '../../functions/domain/contact-rules.ts';

/** What each kind of email is for: the domain's one map (functions/domain/contact-rules.ts). */
export type EmailPurpose = ContactPurpose;
export { EMAIL_PURPOSE };

export function purposeOf(kind: string): EmailPurpose {
  const purpose = EMAIL_PURPOSE[kind as keyof typeof EMAIL_PURPOSE];
  if (!purpose) throw new Error(`No purpose is known for the email kind "${kind}"`);
  return purpose;
}
