import type { Node } from 'constructs';
import { z } from 'zod';
import { DEFAULT_BILLING_SOURCE, DEFAULT_EVENT_BUS_NAME } from '../functions/contract/events.ts';
import { CREDITOR_NAME_MAX_LENGTH, type Creditor } from '../functions/domain/creditor.ts';
import type { PortalDomain } from './constructs/portal-api.ts';

/**
 * Deploy-time configuration, read from CDK context (`-c key=value` on the command line, or the
 * `context` block of cdk.json). Every key is documented in the README under "Deploy parameters".
 */
export interface CollectionsConfig {
  /** The From address of every email; its domain (or the address) must be verified in SES. */
  readonly senderAddress: string;
  /** True when `senderAddress` was not given and the placeholder stands in (synth only). */
  readonly senderAddressIsPlaceholder: boolean;
  /** EventBridge `source` values the billing system publishes with. */
  readonly billingSources: readonly string[];
  readonly eventBusName: string;
  /** Custom domain of the debtor portal; set together with `portalCertificateArn`. */
  readonly portalDomain?: PortalDomain;
  /** The SES identity (domain or address) the functions may send from. */
  readonly sesIdentity: string;
  /** Create the SES identity in this stack (otherwise it must already exist). */
  readonly createSesIdentity: boolean;
  /**
   * Custom MAIL FROM domain of the created identity (a subdomain of it, e.g. `bounce.acme.example`), so
   * SPF aligns with the From domain for DMARC; only with `createSesIdentity` on a domain identity.
   */
  readonly mailFromDomain?: string;
  /** Subscribes this address to the operations alarm topic. */
  readonly alarmEmail?: string;
  /** Subscribes this address to the AR team's topic (disputes and callbacks). */
  readonly arTeamEmail?: string;
  /**
   * Who is writing (issue 11): the creditor's name, contact email, phone, support hours and
   * remittance details, in every email and page.
   * @default PLACEHOLDER_CREDITOR, key by key (synth works out of the box; set yours before sending)
   */
  readonly creditor: Readonly<Creditor>;
  /** True when any creditor detail is a placeholder (synth only: a deployment should set them all). */
  readonly creditorIsPlaceholder: boolean;
  /**
   * The ARN of the origination identity texts go from (issue 16): a phone number, a pool or a sender
   * ID of AWS End User Messaging SMS. Unset: a placeholder (synth only; texts cannot go).
   */
  readonly smsOriginationIdentity?: string;
  /** The SMS configuration set every text is sent with. */
  readonly smsConfigurationSet: string;
  /** The collection agencies cases are placed with (issue 14); none: a referral is held for a person. */
  readonly agencies: readonly AgencyConfig[];
}

/** How the stack authenticates to an agency's endpoint: an EventBridge connection keeps it in Secrets Manager. */
export type AgencyAuth =
  | { readonly type: 'api-key'; readonly headerName: string; readonly secretArn: string }
  | {
      readonly type: 'oauth';
      readonly tokenEndpoint: string;
      readonly clientId: string;
      /** The Secrets Manager secret holding the OAuth client secret (a plain string). */
      readonly clientSecretArn: string;
      readonly scope?: string;
    };

/** One agency (context key `agencies`, a JSON array): see "Collection agencies" in the README. */
export interface AgencyConfig {
  /** Lower-case letters, digits and dashes: it names the agency's resources and its report route. */
  readonly agencyId: string;
  readonly name: string;
  /** The HTTPS endpoint placements and forwards are POSTed to (its API destination). */
  readonly endpoint: string;
  readonly auth: AgencyAuth;
  /** The policy segments and currencies it takes. */
  readonly segments: readonly string[];
  readonly currencies: readonly string[];
  /** How long it works a case, in days, before the case comes back to a person. */
  readonly termDays: number;
  /** What the debtor is shown on the portal once placed (at least one). */
  readonly contact: { readonly phone?: string; readonly email?: string; readonly website?: string };
  /** The API destination's rate limit (invocations per second). */
  readonly rateLimitPerSecond: number;
}

/** The SMS configuration set's name when none is given. */
export const DEFAULT_SMS_CONFIGURATION_SET = 'customer-first-collections-texts';

/** Stands in for `senderAddress` when it is not given, so `cdk synth` works out of the box. */
export const PLACEHOLDER_SENDER_ADDRESS = 'collections@example.com';

/**
 * Stands in for the creditor's details not given: the same demo business the local runtime and the
 * examples use, so `cdk synth` works out of the box.
 */
export const PLACEHOLDER_CREDITOR: Readonly<Creditor> = {
  name: 'Example Energy accounts team',
  email: 'accounts@example.com',
  phone: '+44 20 7946 0000',
  supportHours: 'Monday to Friday, 9am to 5pm',
  supportHoursEs: 'de lunes a viernes, de 9:00 a 17:00',
};

/** The demo creditor of `npm start` and the tests: the placeholder, with remittance details for businesses. */
export const DEMO_CREDITOR: Readonly<Creditor> = {
  ...PLACEHOLDER_CREDITOR,
  remittance: 'Bank transfer to Example Energy Ltd, sort code 20-00-00, account 55779911',
};

/** Every context key the stack reads, for the error message and the README. */
export const CONTEXT_KEYS = [
  'senderAddress',
  'billingSources',
  'eventBusName',
  'portalDomainName',
  'portalCertificateArn',
  'sesIdentity',
  'createSesIdentity',
  'mailFromDomain',
  'alarmEmail',
  'arTeamEmail',
  'creditorName',
  'creditorEmail',
  'creditorPhone',
  'creditorSupportHours',
  'creditorSupportHoursEs',
  'creditorRemittance',
  'smsOriginationIdentity',
  'smsConfigurationSet',
  'agencies',
] as const;

const hostname = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(
    /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    'must be a domain name such as pay.example.com',
  );

const emailAddress = z.string().trim().pipe(z.email('must be an email address such as billing@example.com'));

/** Context values arrive as strings from `-c`, and as any JSON type from cdk.json. */
const optionalString = z.preprocess(
  (value) => (value === undefined || value === null || value === '' ? undefined : value),
  z.string().optional(),
);

const sourceList = z.preprocess(
  (value) => {
    if (value === undefined || value === null || value === '') return [DEFAULT_BILLING_SOURCE];
    if (typeof value === 'string') return value.split(',').map((source) => source.trim());
    return value;
  },
  z
    .array(
      z
        .string()
        .min(1, 'must not hold an empty source (check for a stray comma)')
        .max(256)
        .regex(/^[A-Za-z0-9._/-]+$/, 'may hold only letters, digits, dot, underscore, slash and dash'),
    )
    .min(1, 'must name at least one source')
    .refine((sources) => new Set(sources).size === sources.length, 'must not repeat a source'),
);

const secretArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/,
    'must be a Secrets Manager secret ARN',
  );

const agencySchema = z
  .object({
    agencyId: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be lower-case letters, digits and dashes (at most 40)'),
    name: z.string().trim().min(1).max(100),
    endpoint: z
      .string()
      .url()
      .refine((url) => url.startsWith('https://'), 'must be an HTTPS URL'),
    auth: z.discriminatedUnion('type', [
      z.object({ type: z.literal('api-key'), headerName: z.string().min(1).max(100), secretArn }),
      z.object({
        type: z.literal('oauth'),
        tokenEndpoint: z
          .string()
          .url()
          .refine((url) => url.startsWith('https://'), 'must be an HTTPS URL'),
        clientId: z.string().min(1),
        clientSecretArn: secretArn,
        scope: z.string().optional(),
      }),
    ]),
    segments: z.array(z.enum(['consumer', 'small-business', 'enterprise'])).min(1),
    currencies: z.array(z.string().regex(/^[A-Z]{3}$/, 'must be ISO 4217 codes such as GBP')).min(1),
    termDays: z.number().int().min(1).max(730),
    contact: z
      .object({
        phone: z.string().min(3).max(40).optional(),
        email: emailAddress.optional(),
        website: z
          .string()
          .url()
          .refine((url) => url.startsWith('https://'), 'must be an HTTPS URL')
          .optional(),
      })
      .refine(
        (contact) => contact.phone || contact.email || contact.website,
        'needs a phone, an email or a website',
      ),
    rateLimitPerSecond: z.number().int().min(1).max(300).default(10),
  })
  .strict();

const agencyList = z.preprocess(
  (value) => {
    if (value === undefined || value === null || value === '') return [];
    if (typeof value === 'string') {
      try {
        return JSON.parse(value);
      } catch {
        return value;
      }
    }
    return value;
  },
  z
    .array(agencySchema, { error: 'must be a JSON array of agencies' })
    .refine(
      (agencies) => new Set(agencies.map((agency) => agency.agencyId)).size === agencies.length,
      'must not repeat an agencyId',
    ),
);

const booleanFlag = z.preprocess(
  (value) => {
    if (value === undefined || value === null || value === '') return false;
    if (value === 'true') return true;
    if (value === 'false') return false;
    return value;
  },
  z.boolean({ error: 'must be true or false' }),
);

const contextSchema = z
  .object({
    senderAddress: optionalString.pipe(emailAddress.optional()),
    billingSources: sourceList,
    eventBusName: optionalString.pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9._-]{1,256}$/, 'may hold only letters, digits, dot, underscore and dash')
        .refine((name) => name !== 'default', 'must not be "default": the stack creates its own bus')
        .optional(),
    ),
    portalDomainName: optionalString.pipe(hostname.optional()),
    portalCertificateArn: optionalString.pipe(
      z
        .string()
        .regex(
          /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/,
          'must be an ACM certificate ARN in the stack’s region',
        )
        .optional(),
    ),
    sesIdentity: optionalString.pipe(z.union([emailAddress, hostname]).optional()),
    createSesIdentity: booleanFlag,
    mailFromDomain: optionalString.pipe(hostname.optional()),
    alarmEmail: optionalString.pipe(emailAddress.optional()),
    arTeamEmail: optionalString.pipe(emailAddress.optional()),
    creditorName: optionalString.pipe(z.string().trim().min(1).max(CREDITOR_NAME_MAX_LENGTH).optional()),
    creditorEmail: optionalString.pipe(emailAddress.optional()),
    creditorPhone: optionalString.pipe(
      z
        .string()
        .trim()
        .regex(/^\+?[0-9][0-9 ().-]{5,30}$/, 'must be a phone number such as +44 20 7946 0000')
        .optional(),
    ),
    creditorSupportHours: optionalString.pipe(z.string().trim().min(1).max(100).optional()),
    creditorSupportHoursEs: optionalString.pipe(z.string().trim().min(1).max(100).optional()),
    creditorRemittance: optionalString.pipe(z.string().trim().min(1).max(300).optional()),
    smsOriginationIdentity: optionalString.pipe(
      z
        .string()
        .regex(
          /^arn:aws[a-z-]*:sms-voice:[a-z0-9-]+:\d{12}:(phone-number\/phone-[0-9a-f]{32}|pool\/pool-[0-9a-f]{32}|sender-id\/[A-Za-z0-9-]{1,11}\/[A-Z]{2})$/,
          'must be the ARN of an End User Messaging SMS phone number, pool or sender ID',
        )
        .optional(),
    ),
    smsConfigurationSet: optionalString.pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,64}$/, 'may hold only letters, digits, underscore and dash (at most 64)')
        .optional(),
    ),
    agencies: agencyList,
  })
  .superRefine((context, issues) => {
    if (Boolean(context.portalDomainName) !== Boolean(context.portalCertificateArn)) {
      issues.addIssue({
        code: 'custom',
        path: [context.portalDomainName ? 'portalCertificateArn' : 'portalDomainName'],
        message: 'portalDomainName and portalCertificateArn go together: set both or neither',
      });
    }
    const sender = (context.senderAddress ?? PLACEHOLDER_SENDER_ADDRESS).toLowerCase();
    const identity = context.sesIdentity?.toLowerCase();
    if (identity && !sesIdentityCovers(identity, sender)) {
      issues.addIssue({
        code: 'custom',
        path: ['sesIdentity'],
        message: `must be the sender address, its domain or a parent domain of it (sender is ${sender})`,
      });
    }
    if (context.createSesIdentity && !context.senderAddress) {
      issues.addIssue({
        code: 'custom',
        path: ['createSesIdentity'],
        message: 'needs senderAddress: the placeholder address cannot be verified',
      });
    }
    if (context.mailFromDomain) {
      const domainIdentity = identity ?? sender.slice(sender.lastIndexOf('@') + 1);
      if (!context.createSesIdentity || domainIdentity.includes('@')) {
        issues.addIssue({
          code: 'custom',
          path: ['mailFromDomain'],
          message:
            'needs createSesIdentity=true and a domain identity: SES sets MAIL FROM on the domain it verifies',
        });
      } else if (!context.mailFromDomain.endsWith(`.${domainIdentity}`)) {
        issues.addIssue({
          code: 'custom',
          path: ['mailFromDomain'],
          message: `must be a subdomain of the SES identity ${domainIdentity} (e.g. bounce.${domainIdentity})`,
        });
      }
    }
  });

/** Whether sending as `sender` is authorised by the SES identity `identity` (address or domain). */
function sesIdentityCovers(identity: string, sender: string): boolean {
  if (identity.includes('@')) return identity === sender;
  const domain = sender.slice(sender.lastIndexOf('@') + 1);
  return domain === identity || domain.endsWith(`.${identity}`);
}

/** Reads and validates the stack's context; throws one error listing every problem. */
export function readConfig(node: Node): CollectionsConfig {
  const raw = Object.fromEntries(CONTEXT_KEYS.map((key) => [key, node.tryGetContext(key)]));
  const parsed = contextSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = issue.path.join('.') || '(context)';
      const given = raw[key as keyof typeof raw];
      const shown = given === undefined ? '' : ` (given: ${JSON.stringify(given)})`;
      return `  - ${key}: ${issue.message}${shown}`;
    });
    throw new Error(
      [
        'Invalid deploy parameters for CustomerFirstCollections:',
        ...problems,
        'Pass them as CDK context, e.g. `npx cdk deploy -c senderAddress=collections@yourcompany.com`,',
        'or in the "context" block of cdk.json. See "Deploy parameters" in the README.',
      ].join('\n'),
    );
  }
  const context = parsed.data;
  const senderAddress = context.senderAddress ?? PLACEHOLDER_SENDER_ADDRESS;
  return {
    senderAddress,
    senderAddressIsPlaceholder: context.senderAddress === undefined,
    billingSources: context.billingSources,
    eventBusName: context.eventBusName ?? DEFAULT_EVENT_BUS_NAME,
    portalDomain:
      context.portalDomainName && context.portalCertificateArn
        ? { domainName: context.portalDomainName, certificateArn: context.portalCertificateArn }
        : undefined,
    sesIdentity: context.sesIdentity ?? senderAddress.slice(senderAddress.lastIndexOf('@') + 1).toLowerCase(),
    createSesIdentity: context.createSesIdentity,
    mailFromDomain: context.mailFromDomain,
    alarmEmail: context.alarmEmail,
    arTeamEmail: context.arTeamEmail,
    creditor: {
      name: context.creditorName ?? PLACEHOLDER_CREDITOR.name,
      email: context.creditorEmail ?? PLACEHOLDER_CREDITOR.email,
      phone: context.creditorPhone ?? PLACEHOLDER_CREDITOR.phone,
      supportHours: context.creditorSupportHours ?? PLACEHOLDER_CREDITOR.supportHours,
      ...(context.creditorSupportHoursEs
        ? { supportHoursEs: context.creditorSupportHoursEs }
        : context.creditorSupportHours
          ? {}
          : { supportHoursEs: PLACEHOLDER_CREDITOR.supportHoursEs as string }),
      ...(context.creditorRemittance ? { remittance: context.creditorRemittance } : {}),
    },
    creditorIsPlaceholder: !(
      context.creditorName &&
      context.creditorEmail &&
      context.creditorPhone &&
      context.creditorSupportHours
    ),
    smsOriginationIdentity: context.smsOriginationIdentity,
    smsConfigurationSet: context.smsConfigurationSet ?? DEFAULT_SMS_CONFIGURATION_SET,
    agencies: context.agencies,
  };
}
