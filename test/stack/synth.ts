import { readFileSync } from 'node:fs';
import path from 'node:path';
import { App, type CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { CollectionsStack, PROJECT_ROOT } from '../../lib/collections-stack.ts';

export const STACK_NAME = 'CustomerFirstCollections';

/**
 * The `context` block of cdk.json (the feature flags), which the CLI hands to the app: the tests build
 * the stack with it, so they check what `cdk synth` and `cdk deploy` produce.
 */
export const CDK_JSON_CONTEXT = (
  JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  }
).context;

/** The context the main stack tests deploy with: every parameter set, except the custom domain. */
export const FULL_CONTEXT = {
  senderAddress: 'collections@acme.example',
  billingSources: 'billing, erp.invoices',
  eventBusName: 'acme-collections',
  alarmEmail: 'oncall@acme.example',
  arTeamEmail: 'ar-team@acme.example',
  creditorName: 'Acme accounts team',
  creditorEmail: 'accounts@acme.example',
  creditorPhone: '+44 20 7946 0000',
  creditorSupportHours: 'Monday to Friday, 9am to 5pm',
  creditorRemittance: 'Bank transfer to Acme Ltd, sort code 20-00-00, account 55779911',
  smsOriginationIdentity:
    'arn:aws:sms-voice:eu-west-1:123456789012:phone-number/phone-0123456789abcdef0123456789abcdef',
  smsConfigurationSet: 'acme-collections-texts',
  // One collection agency (issue 14), as cdk.json would hold it.
  agencies: [
    {
      agencyId: 'northwind-recoveries',
      name: 'Northwind Recoveries',
      endpoint: 'https://api.northwind-recoveries.example/placements',
      auth: {
        type: 'api-key',
        headerName: 'X-Api-Key',
        secretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:northwind-api-key-AbCdEf',
      },
      segments: ['consumer', 'small-business'],
      currencies: ['GBP', 'EUR'],
      termDays: 90,
      contact: { phone: '+44 20 7946 0123', email: 'help@northwind-recoveries.example' },
      rateLimitPerSecond: 5,
    },
  ],
} as const;

export type Synthesized = {
  app: App;
  stack: CollectionsStack;
  template: Template;
  assembly: CloudAssembly;
  /** The synthesized template as plain JSON. */
  json: TemplateJson;
};

export type TemplateResource = {
  Type: string;
  /** Every resource this stack synthesizes has properties. */
  Properties: Record<string, unknown>;
  DependsOn?: string | string[];
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Metadata?: Record<string, unknown>;
};
export type TemplateJson = {
  Resources: Record<string, TemplateResource>;
  Outputs?: Record<string, { Value: unknown }>;
  Parameters?: Record<string, { Type: string; Default?: string }>;
  Rules?: Record<string, unknown>;
};

/**
 * Builds the stack in a fresh app and synthesizes it. `bundle: false` skips esbuild (CDK's
 * `aws:cdk:bundling-stacks` context) for tests that look at configuration, not at code.
 */
export function synthesize(
  context: Record<string, unknown> = FULL_CONTEXT,
  options: { bundle?: boolean } = {},
): Synthesized {
  const app = new App({
    context: {
      ...CDK_JSON_CONTEXT,
      ...context,
      // As under the CLI: resources carry their construct path (`aws:cdk:path`), which the tests look up.
      'aws:cdk:enable-path-metadata': true,
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
    },
  });
  const stack = new CollectionsStack(app, STACK_NAME);
  const assembly = app.synth();
  const json = assembly.getStackByName(STACK_NAME).template as TemplateJson;
  return { app, stack, template: Template.fromJSON(json), assembly, json };
}

/** The logical id of a construct's CloudFormation resource. */
export function logicalId(construct: { node: { defaultChild?: unknown } } | CfnResource): string {
  const cfn = ('logicalId' in construct ? construct : construct.node.defaultChild) as CfnResource;
  return Stack.of(cfn).resolve(cfn.logicalId);
}

/** The resource at a construct path (the `aws:cdk:path` metadata), e.g. `OpenCase/Function/Resource`. */
export function resourceAt(json: TemplateJson, path: string): [string, TemplateResource] {
  const full = `${STACK_NAME}/${path}`;
  const found = Object.entries(json.Resources).filter(([, r]) => r.Metadata?.['aws:cdk:path'] === full);
  if (found.length !== 1) throw new Error(`expected one resource at ${full}, found ${found.length}`);
  return found[0] as [string, TemplateResource];
}

export function resourcesOfType(json: TemplateJson, type: string): [string, TemplateResource][] {
  return Object.entries(json.Resources).filter(([, r]) => r.Type === type);
}

export const ref = (id: string) => ({ Ref: id });
export const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
