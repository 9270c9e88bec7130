import type { Language } from './language.ts';

/**
 * Who is writing (issue 11): the business that deploys the product, from the deployment's
 * configuration (the stack's context, validated at synth; CREDITOR in each function's environment),
 * not from the source. Emails and pages name it and say how to reach a person there.
 */
export type Creditor = {
  /** The name the debtor knows the business by, as it signs its messages. */
  name: string;
  /** Where the debtor can write to a person. */
  email: string;
  /** Where the debtor can call a person (as it should be dialled, e.g. +44 20 7946 0000). */
  phone: string;
  /** When someone answers, in the creditor's own words (e.g. "Monday to Friday, 9am to 5pm"). */
  supportHours: string;
  /**
   * The same in Spanish, for Spanish emails and pages (e.g. "de lunes a viernes, de 9:00 a 17:00").
   * @default supportHours, as written
   */
  supportHoursEs?: string;
  /**
   * How a business pays (bank details, reference to quote), shown to business segments only.
   * @default none: business emails then ask only that the invoice numbers be quoted
   */
  remittance?: string;
};

/** How to reach a person, in the debtor's language: the Spanish hours where the deployment gave them. */
export function contactIn(
  creditor: Pick<Creditor, 'email' | 'phone' | 'supportHours' | 'supportHoursEs'>,
  language: Language,
): { email: string; phone: string; supportHours: string } {
  const supportHours =
    language === 'es' && creditor.supportHoursEs ? creditor.supportHoursEs : creditor.supportHours;
  return { email: creditor.email, phone: creditor.phone, supportHours };
}

/** The longest creditor name a deployment may set: texts name it and must stay within their segments. */
export const CREDITOR_NAME_MAX_LENGTH = 60;

/** Segments written to as an accounts-payable team would expect: invoice and PO numbers, remittance. */
export const isBusinessSegment = (segment: string): boolean => segment !== 'consumer';
