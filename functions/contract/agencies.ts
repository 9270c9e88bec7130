import * as z from './zod.ts';

/**
 * The collection agencies a deployment places cases with (issue 14), as the functions read them (the
 * AGENCIES variable, functions/contract/environment.ts): who they are, which cases they take, for how
 * long, how the debtor reaches them, and the secret their reports are signed with. The stack checks
 * the full configuration at synth (lib/stack-config.ts: ids, HTTPS, currencies, the term's range);
 * this schema is kept lean on purpose, with only the checks the environment already uses, since every
 * function loads its environment and so carries it (the bundle budget).
 */
const text = () => z.string().check(z.minLength(1));

export const AgencySchema = z.object({
  agencyId: text(),
  name: text(),
  /** The policy segments (consumer, small-business, enterprise) the agency takes. */
  segments: z.array(text()),
  /** The currencies (ISO 4217) the agency collects in. */
  currencies: z.array(text()),
  /** How long the agency works a case before it comes back to a person, in policy days. */
  termDays: z.number().check(z.positive()),
  /** What the debtor is shown on the portal once the case is placed. */
  contact: z.object({ phone: z.optional(text()), email: z.optional(text()), website: z.optional(text()) }),
  /** The Secrets Manager secret the agency signs its reports with (HMAC-SHA256). */
  reportSecretArn: z.string().check(z.startsWith('arn:')),
});
export type Agency = z.infer<typeof AgencySchema>;
export const AgenciesSchema = z.array(AgencySchema);
