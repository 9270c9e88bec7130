import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { FULL_CONTEXT, type Synthesized, synthesize } from './synth.ts';

/** Two agencies: one with an API key, one with OAuth client credentials (issue 14). */
const AGENCIES = [
  FULL_CONTEXT.agencies[0],
  {
    agencyId: 'fabrikam-collect',
    name: 'Fabrikam Collect',
    endpoint: 'https://fabrikam.example/v2/cases',
    auth: {
      type: 'oauth',
      tokenEndpoint: 'https://auth.fabrikam.example/oauth2/token',
      clientId: 'collections',
      clientSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:fabrikam-client-AbCdEf',
      scope: 'placements',
    },
    segments: ['enterprise'],
    currencies: ['EUR'],
    termDays: 120,
    contact: { website: 'https://fabrikam.example/pay' },
  },
];

let synth: Synthesized;
beforeAll(() => {
  synth = synthesize({ ...FULL_CONTEXT, agencies: AGENCIES });
});

describe('collection agencies (issue 14)', () => {
  it('connects to each agency with its credentials kept in Secrets Manager', () => {
    synth.template.resourceCountIs('AWS::Events::Connection', 2);
    synth.template.hasResourceProperties('AWS::Events::Connection', {
      AuthorizationType: 'API_KEY',
      AuthParameters: {
        ApiKeyAuthParameters: {
          ApiKeyName: 'X-Api-Key',
          ApiKeyValue: Match.stringLikeRegexp('northwind-api-key'),
        },
      },
    });
    synth.template.hasResourceProperties('AWS::Events::Connection', {
      AuthorizationType: 'OAUTH_CLIENT_CREDENTIALS',
      AuthParameters: {
        OAuthParameters: Match.objectLike({
          AuthorizationEndpoint: 'https://auth.fabrikam.example/oauth2/token',
          HttpMethod: 'POST',
          ClientParameters: {
            ClientID: 'collections',
            ClientSecret: Match.stringLikeRegexp('fabrikam-client'),
          },
        }),
      },
    });
  });

  it('posts to each agency through an API destination with a rate limit', () => {
    synth.template.hasResourceProperties('AWS::Events::ApiDestination', {
      InvocationEndpoint: 'https://api.northwind-recoveries.example/placements',
      HttpMethod: 'POST',
      InvocationRateLimitPerSecond: 5,
    });
    synth.template.hasResourceProperties('AWS::Events::ApiDestination', {
      InvocationEndpoint: 'https://fabrikam.example/v2/cases',
      InvocationRateLimitPerSecond: 10,
    });
  });

  it('sends each agency only its own placements and forwards, retried for a day, then to a dead-letter queue', () => {
    synth.template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['customer-first-collections'],
        'detail-type': ['CasePlacedWithAgency', 'CaseForwardedToAgency'],
        detail: { agencyId: ['northwind-recoveries'] },
      },
      Targets: [
        Match.objectLike({
          RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 },
          DeadLetterConfig: { Arn: Match.anyValue() },
          HttpParameters: { HeaderParameters: { 'X-Collections-Event-Id': '$.id' } },
        }),
      ],
    });
    synth.template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ detail: { agencyId: ['fabrikam-collect'] } }),
    });
    const dlqAlarms = Object.keys(synth.template.findResources('AWS::CloudWatch::Alarm')).filter((id) =>
      /Agency.*DeadLetters/.test(id),
    );
    expect(dlqAlarms).toHaveLength(2);
    // What an operator does: the ops CLI lists the dead letters and puts them back on the bus.
    const descriptions = dlqAlarms.map(
      (id) => synth.template.toJSON().Resources[id].Properties.AlarmDescription as string,
    );
    expect(descriptions).toHaveLength(2);
    expect(descriptions).toEqual(
      expect.arrayContaining([
        expect.stringContaining('npm run ops -- dlq redrive AgencyNorthwindRecoveries'),
        expect.stringContaining('npm run ops -- dlq redrive AgencyFabrikamCollect'),
      ]),
    );
    for (const description of descriptions)
      expect(description).toMatch(/Runbook: docs\/operations\.md#agency-dead-letters$/);
    // Each queue is an output the ops CLI reads (no intake queue: its redrive goes to the bus).
    const outputs = synth.template.toJSON().Outputs;
    expect(
      Object.keys(outputs)
        .filter((key) => key.startsWith('Agency'))
        .sort(),
    ).toEqual(['AgencyFabrikamCollectDeadLetterQueueUrl', 'AgencyNorthwindRecoveriesDeadLetterQueueUrl']);
  });

  it('generates a report-signing secret per agency, and routes the signed reports to their own function', () => {
    synth.template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Description: Match.stringLikeRegexp('Northwind Recoveries signs its reports'),
      GenerateSecretString: Match.objectLike({ PasswordLength: 64, ExcludePunctuation: true }),
    });
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'POST /agency/{agencyId}/reports',
    });
    const fn = synth.template.findResources('AWS::Lambda::Function', {
      Properties: { Description: Match.stringLikeRegexp('agency’s signed report') },
    });
    const [properties] = Object.values(fn).map((resource) => resource.Properties);
    expect(JSON.stringify(properties.Environment.Variables.AGENCIES)).toContain('fabrikam-collect');
  });

  it('refuses an agency that is not HTTPS, repeats an id, or gives the debtor no way to reach it', () => {
    const broken = (agency: Record<string, unknown>) => () =>
      synthesize({ ...FULL_CONTEXT, agencies: [{ ...AGENCIES[0], ...agency }] });
    expect(broken({ endpoint: 'http://insecure.example/placements' })).toThrow(
      /agencies\.0\.endpoint: must be an HTTPS URL/,
    );
    expect(broken({ contact: {} })).toThrow(/agencies\.0\.contact: needs a phone, an email or a website/);
    expect(() => synthesize({ ...FULL_CONTEXT, agencies: [AGENCIES[0], AGENCIES[0]] })).toThrow(
      /must not repeat an agencyId/,
    );
    expect(() => synthesize({ ...FULL_CONTEXT, agencies: '[{"agencyId":"Bad Id"}]' })).toThrow(
      /agencies\.0\.agencyId/,
    );
  });
});
