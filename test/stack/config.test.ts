import { App } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { PLACEHOLDER_CREDITOR, readConfig } from '../../lib/stack-config.ts';
import { resourceAt, resourcesOfType, synthesize } from './synth.ts';

const configOf = (context: Record<string, unknown>) => readConfig(new App({ context }).node);
const problemsOf = (context: Record<string, unknown>) => {
  try {
    configOf(context);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the context to be rejected');
};

describe('deploy parameters (CDK context)', () => {
  it('has working defaults, with a placeholder sender for synth only', () => {
    expect(configOf({})).toStrictEqual({
      senderAddress: 'collections@example.com',
      senderAddressIsPlaceholder: true,
      billingSources: ['billing'],
      eventBusName: 'collections',
      portalDomain: undefined,
      sesIdentity: 'example.com',
      createSesIdentity: false,
      mailFromDomain: undefined,
      alarmEmail: undefined,
      arTeamEmail: undefined,
      creditor: PLACEHOLDER_CREDITOR,
      creditorIsPlaceholder: true,
      smsOriginationIdentity: undefined,
      smsConfigurationSet: 'customer-first-collections-texts',
      agencies: [],
    });
  });

  it('takes who is writing from the deployment, validated (issue 11)', () => {
    const given = {
      creditorName: ' Acme Utilities billing ',
      creditorEmail: 'billing@acme.example',
      creditorPhone: '+1 (555) 010-0100',
      creditorSupportHours: 'Weekdays 8am to 8pm ET',
      creditorRemittance: 'ACH to Acme Utilities, routing 011000015, account 123456789',
    };
    expect(configOf(given)).toMatchObject({
      creditor: {
        name: 'Acme Utilities billing',
        email: 'billing@acme.example',
        phone: '+1 (555) 010-0100',
        supportHours: 'Weekdays 8am to 8pm ET',
        remittance: 'ACH to Acme Utilities, routing 011000015, account 123456789',
      },
      creditorIsPlaceholder: false,
    });
    // One detail missing: the placeholder stands in for it, and the config says so.
    const { creditorPhone: _phone, ...partial } = given;
    expect(configOf(partial)).toMatchObject({
      creditor: { phone: PLACEHOLDER_CREDITOR.phone },
      creditorIsPlaceholder: true,
    });
    // Hours in Spanish too, when given; the placeholder's Spanish never stands beside the deployment's English.
    expect(
      configOf({ ...given, creditorSupportHoursEs: ' entre semana, de 8:00 a 20:00 ET ' }),
    ).toMatchObject({
      creditor: {
        supportHours: 'Weekdays 8am to 8pm ET',
        supportHoursEs: 'entre semana, de 8:00 a 20:00 ET',
      },
    });
    expect(configOf(given).creditor).not.toHaveProperty('supportHoursEs');
    expect(configOf({}).creditor.supportHoursEs).toBe(PLACEHOLDER_CREDITOR.supportHoursEs);
    expect(problemsOf({ creditorEmail: 'not an address' })).toContain(
      'creditorEmail: must be an email address',
    );
    expect(problemsOf({ creditorPhone: 'call us' })).toContain('creditorPhone: must be a phone number');
  });

  it('reads every parameter, from -c strings as from cdk.json values', () => {
    expect(
      configOf({
        senderAddress: 'billing@mail.acme.example',
        billingSources: ' billing ,erp.invoices',
        eventBusName: 'acme-collections',
        portalDomainName: 'Pay.Acme.Example',
        portalCertificateArn:
          'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab',
        sesIdentity: 'acme.example',
        createSesIdentity: 'true',
        mailFromDomain: 'Bounce.Acme.Example',
        alarmEmail: 'oncall@acme.example',
        arTeamEmail: 'ar-team@acme.example',
        smsOriginationIdentity:
          'arn:aws:sms-voice:eu-west-1:123456789012:pool/pool-0123456789abcdef0123456789abcdef',
        smsConfigurationSet: 'acme-texts',
        // A JSON array, as `-c agencies='[...]'` gives it (issue 14).
        agencies: JSON.stringify([
          {
            agencyId: 'northwind-recoveries',
            name: 'Northwind Recoveries',
            endpoint: 'https://api.northwind-recoveries.example/placements',
            auth: {
              type: 'api-key',
              headerName: 'X-Api-Key',
              secretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:northwind-AbCdEf',
            },
            segments: ['consumer'],
            currencies: ['GBP'],
            termDays: 90,
            contact: { phone: '+44 20 7946 0123' },
          },
        ]),
      }),
    ).toStrictEqual({
      senderAddress: 'billing@mail.acme.example',
      senderAddressIsPlaceholder: false,
      billingSources: ['billing', 'erp.invoices'],
      eventBusName: 'acme-collections',
      portalDomain: {
        domainName: 'pay.acme.example',
        certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab',
      },
      sesIdentity: 'acme.example',
      createSesIdentity: true,
      mailFromDomain: 'bounce.acme.example',
      alarmEmail: 'oncall@acme.example',
      arTeamEmail: 'ar-team@acme.example',
      creditor: PLACEHOLDER_CREDITOR,
      creditorIsPlaceholder: true,
      smsOriginationIdentity:
        'arn:aws:sms-voice:eu-west-1:123456789012:pool/pool-0123456789abcdef0123456789abcdef',
      smsConfigurationSet: 'acme-texts',
      agencies: [
        {
          ...{
            agencyId: 'northwind-recoveries',
            name: 'Northwind Recoveries',
            endpoint: 'https://api.northwind-recoveries.example/placements',
            auth: {
              type: 'api-key',
              headerName: 'X-Api-Key',
              secretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:northwind-AbCdEf',
            },
            segments: ['consumer'],
            currencies: ['GBP'],
            termDays: 90,
            contact: { phone: '+44 20 7946 0123' },
          },
          rateLimitPerSecond: 10,
        },
      ],
    });
    expect(
      configOf({ billingSources: ['a', 'b'], createSesIdentity: true, senderAddress: 'x@y.example' }),
    ).toMatchObject({
      billingSources: ['a', 'b'],
      createSesIdentity: true,
      sesIdentity: 'y.example',
    });
  });

  it.each([
    [{ senderAddress: 'not-an-address' }, 'senderAddress: must be an email address'],
    [{ billingSources: 'billing,,erp' }, 'billingSources.1: must not hold an empty source'],
    [{ billingSources: 'billing,billing' }, 'billingSources: must not repeat a source'],
    [{ eventBusName: 'default' }, 'eventBusName: must not be "default"'],
    [
      { portalDomainName: 'pay.acme.example' },
      'portalCertificateArn: portalDomainName and portalCertificateArn go together',
    ],
    [
      { portalDomainName: 'pay.acme.example', portalCertificateArn: 'arn:aws:iam::1:x' },
      'must be an ACM certificate ARN',
    ],
    [
      { senderAddress: 'a@acme.example', sesIdentity: 'other.example' },
      'sesIdentity: must be the sender address, its domain',
    ],
    [
      { createSesIdentity: 'yes', senderAddress: 'a@acme.example' },
      'createSesIdentity: must be true or false',
    ],
    [{ createSesIdentity: 'true' }, 'createSesIdentity: needs senderAddress'],
    [
      { senderAddress: 'a@acme.example', mailFromDomain: 'bounce.acme.example' },
      'mailFromDomain: needs createSesIdentity=true and a domain identity',
    ],
    [
      {
        senderAddress: 'a@acme.example',
        sesIdentity: 'a@acme.example',
        createSesIdentity: 'true',
        mailFromDomain: 'bounce.acme.example',
      },
      'mailFromDomain: needs createSesIdentity=true and a domain identity',
    ],
    [
      { senderAddress: 'a@acme.example', createSesIdentity: 'true', mailFromDomain: 'bounce.other.example' },
      'mailFromDomain: must be a subdomain of the SES identity acme.example',
    ],
    [
      { senderAddress: 'a@acme.example', createSesIdentity: 'true', mailFromDomain: 'acme.example' },
      'mailFromDomain: must be a subdomain of the SES identity acme.example',
    ],
    [{ mailFromDomain: 'not a domain' }, 'mailFromDomain: must be a domain name'],
    [{ alarmEmail: 'ops' }, 'alarmEmail: must be an email address'],
    [{ arTeamEmail: 'ar team' }, 'arTeamEmail: must be an email address'],
  ])('rejects %j with a clear message', (context, expected) => {
    const message = problemsOf(context);
    expect(message).toContain('Invalid deploy parameters for CustomerFirstCollections');
    expect(message).toContain(expected);
    expect(message).toContain('npx cdk deploy -c senderAddress=');
  });

  it('lists every problem at once', () => {
    const message = problemsOf({ senderAddress: 'x', alarmEmail: 'y', eventBusName: 'default' });
    expect(message.split('\n').filter((line) => line.startsWith('  - '))).toHaveLength(3);
  });
});

describe('stack variants (not bundled)', () => {
  it('synthesizes without a sender, warns, and refuses to deploy with the placeholder', () => {
    const { stack, json } = synthesize({});
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('senderAddress is not set'));
    const rule = json.Rules?.SenderAddressRequired as {
      Assertions: { Assert: unknown; AssertDescription: string }[];
    };
    expect(rule.Assertions[0]?.Assert).toStrictEqual({ 'Fn::Equals': ['sender', 'placeholder'] });
    expect(rule.Assertions[0]?.AssertDescription).toContain('-c senderAddress=');
  });

  it('serves the portal on the custom domain and links to it', () => {
    const domainName = 'pay.acme.example';
    const certificateArn =
      'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-1234567890ab';
    const { template, json } = synthesize({
      senderAddress: 'collections@acme.example',
      portalDomainName: domainName,
      portalCertificateArn: certificateArn,
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: domainName,
      DomainNameConfigurations: [
        Match.objectLike({ CertificateArn: certificateArn, SecurityPolicy: 'TLS_1_2' }),
      ],
    });
    const [domainId] = resourcesOfType(json, 'AWS::ApiGatewayV2::DomainName')[0] ?? [];
    template.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', { DomainName: { Ref: domainId } });
    const [, reminder] = resourceAt(json, 'SendReminder/Function/Resource');
    const env = (reminder.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env.PORTAL_BASE_URL).toBe(`https://${domainName}`);
    expect(json.Outputs?.PortalUrl?.Value).toBe(`https://${domainName}`);
    expect(json.Outputs?.PortalDomainTarget?.Value).toStrictEqual({
      'Fn::GetAtt': [domainId, 'RegionalDomainName'],
    });
  });

  it('creates the SES domain identity on request and prints its DKIM records', () => {
    const { template, json } = synthesize({
      senderAddress: 'collections@acme.example',
      createSesIdentity: 'true',
    });
    template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'acme.example' });
    expect(Object.keys(json.Outputs ?? {}).filter((key) => key.startsWith('SesDkimRecord'))).toHaveLength(3);
  });

  it('grants sending on an address identity when that is what is verified', () => {
    const { json } = synthesize({
      senderAddress: 'collections@acme.example',
      sesIdentity: 'collections@acme.example',
    });
    // deliverEmail is the one function that sends.
    const [, policy] = resourceAt(json, 'DeliverEmail/Role/DefaultPolicy/Resource');
    const statements = (
      policy.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }
    ).Statement;
    const ses = statements.find((s) => JSON.stringify(s.Action).includes('ses:SendEmail'));
    expect(JSON.stringify(ses?.Resource)).toContain(':identity/collections@acme.example');
  });
});
