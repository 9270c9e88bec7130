import { beforeAll, describe, expect, it } from 'vitest';
import { STAFF_ROUTES } from '../../functions/contract/routes.ts';
import { STAFF_GROUPS } from '../../functions/contract/staff.ts';
import { FUNCTIONS } from '../../lib/functions.ts';
import {
  arnOf,
  FULL_CONTEXT,
  logicalId,
  ref,
  resourcesOfType,
  type Synthesized,
  synthesize,
} from './synth.ts';

/** The staff console in the stack (issue 12): the user pool, its groups and client, the function and its API. */
let synth: Synthesized;
beforeAll(() => {
  synth = synthesize(FULL_CONTEXT);
}, 120_000);

const only = (type: string) => {
  const found = resourcesOfType(synth.json, type);
  expect(found).toHaveLength(1);
  return found[0] as [string, { Properties?: Record<string, unknown>; DeletionPolicy?: string }];
};

describe('staff user pool', () => {
  it('requires TOTP MFA, has no self sign-up, a strong password policy, the Plus tier and is kept', () => {
    const [, pool] = only('AWS::Cognito::UserPool');
    expect(pool.DeletionPolicy).toBe('Retain');
    expect(pool.Properties).toMatchObject({
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UsernameAttributes: ['email'],
      UserPoolTier: 'PLUS',
      DeletionProtection: 'ACTIVE',
      Policies: {
        PasswordPolicy: {
          MinimumLength: 14,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
    });
  });

  it('has exactly the groups agents, supervisors and viewers', () => {
    const [poolId] = only('AWS::Cognito::UserPool');
    const groups = resourcesOfType(synth.json, 'AWS::Cognito::UserPoolGroup').map(
      ([, g]) => g.Properties ?? {},
    );
    expect(groups.map((g) => g.GroupName).sort()).toStrictEqual(Object.keys(STAFF_GROUPS).sort());
    for (const group of groups) expect(group.UserPoolId).toStrictEqual(ref(poolId));
  });

  it('has one app client: USER_PASSWORD_AUTH from the server, no secret, no OAuth, short tokens', () => {
    const [, client] = only('AWS::Cognito::UserPoolClient');
    expect(client.Properties).toMatchObject({
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      GenerateSecret: false,
      PreventUserExistenceErrors: 'ENABLED',
      IdTokenValidity: 60,
      TokenValidityUnits: expect.objectContaining({ IdToken: 'minutes' }),
    });
    expect(client.Properties?.AllowedOAuthFlows).toBeUndefined();
  });
});

describe('staff console function and API', () => {
  const functionId = () => logicalId(synth.stack.functions.staffConsole);

  it('verifies tokens against this pool and client', () => {
    const [poolId] = only('AWS::Cognito::UserPool');
    const [clientId] = only('AWS::Cognito::UserPoolClient');
    const environment = synth.json.Resources[functionId()]?.Properties?.Environment as
      | { Variables: Record<string, unknown> }
      | undefined;
    const variables = environment?.Variables ?? {};
    expect(Object.keys(variables)).toEqual(expect.arrayContaining([...FUNCTIONS.staffConsole.env]));
    expect(variables.STAFF_CLIENT_ID).toStrictEqual(ref(clientId));
    expect(JSON.stringify(variables.STAFF_TOKEN_ISSUER)).toContain(poolId);
    expect(JSON.stringify(variables.STAFF_TOKEN_ISSUER)).toContain('cognito-idp.');
  });

  it('serves exactly STAFF_ROUTES on an API of its own, each to the function STAFF_ROUTES names', () => {
    const staffApi = resourcesOfType(synth.json, 'AWS::ApiGatewayV2::Api').find(([, api]) =>
      String(api.Properties?.Description).includes('collections team'),
    )?.[0] as string;
    const routes = resourcesOfType(synth.json, 'AWS::ApiGatewayV2::Route')
      .map(([, r]) => r.Properties ?? {})
      .filter((r) => JSON.stringify(r.ApiId) === JSON.stringify(ref(staffApi)));
    expect(routes.map((r) => r.RouteKey).sort()).toStrictEqual(
      STAFF_ROUTES.map((r) => `${r.method} ${r.path}`).sort(),
    );
    const integrations = resourcesOfType(synth.json, 'AWS::ApiGatewayV2::Integration').filter(
      ([, i]) => JSON.stringify(i.Properties?.ApiId) === JSON.stringify(ref(staffApi)),
    );
    // One integration per function behind the staff API: the console, Outcomes, the phone commitments.
    const served = [...new Set(STAFF_ROUTES.map((r) => r.function))];
    expect(integrations).toHaveLength(served.length);
    for (const name of served) {
      const integration = integrations.find(
        ([, i]) =>
          JSON.stringify(i.Properties?.IntegrationUri) ===
          JSON.stringify(arnOf(logicalId(synth.stack.functions[name]))),
      )?.[0];
      expect(integration, name).toBeDefined();
      expect(integrations.find(([id]) => id === integration)?.[1].Properties).toMatchObject({
        IntegrationType: 'AWS_PROXY',
        PayloadFormatVersion: '2.0',
      });
      // Each route goes to the integration of the function STAFF_ROUTES names for it.
      for (const route of STAFF_ROUTES.filter((r) => r.function === name)) {
        const deployed = routes.find((r) => r.RouteKey === `${route.method} ${route.path}`);
        expect(JSON.stringify(deployed?.Target)).toContain(integration);
      }
    }
    expect(arnOf(functionId())).toBeDefined();
    const stage = resourcesOfType(synth.json, 'AWS::ApiGatewayV2::Stage').find(
      ([, s]) => JSON.stringify(s.Properties?.ApiId) === JSON.stringify(ref(staffApi)),
    )?.[1];
    expect(stage?.Properties).toMatchObject({
      DefaultRouteSettings: { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
      AccessLogSettings: expect.objectContaining({ Format: expect.stringContaining('routeKey') }),
    });
  });

  it('outputs the console URL and the user pool', () => {
    const outputs = synth.json.Outputs ?? {};
    expect(JSON.stringify(outputs.StaffConsoleUrl?.Value)).toContain('/staff');
    expect(outputs.StaffUserPoolId?.Value).toStrictEqual(ref(only('AWS::Cognito::UserPool')[0]));
  });
});
