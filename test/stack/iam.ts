import type { TemplateJson } from './synth.ts';

export type Statement = {
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource?: unknown;
  Condition?: Record<string, unknown>;
  Principal?: unknown;
};

export const list = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** Every identity-policy statement in the template, with the role(s) it is attached to. */
export function identityStatements(json: TemplateJson): { roles: string[]; statement: Statement }[] {
  const out: { roles: string[]; statement: Statement }[] = [];
  for (const [id, resource] of Object.entries(json.Resources)) {
    const props = resource.Properties ?? {};
    if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') {
      const roles = list(props.Roles as { Ref: string }[] | undefined).map((r) => r.Ref);
      const document = props.PolicyDocument as { Statement: Statement[] };
      for (const statement of document.Statement) out.push({ roles, statement });
    }
    if (resource.Type === 'AWS::IAM::Role') {
      for (const policy of list(
        props.Policies as { PolicyDocument: { Statement: Statement[] } }[] | undefined,
      )) {
        for (const statement of policy.PolicyDocument.Statement) out.push({ roles: [id], statement });
      }
    }
  }
  return out;
}

/** The statements that apply to one role, and whether the role carries managed policies. */
export function roleStatements(json: TemplateJson, roleId: string): Statement[] {
  return identityStatements(json)
    .filter((entry) => entry.roles.includes(roleId))
    .map((entry) => entry.statement);
}

/** Action → the resources it is allowed on, over all Allow statements of a role. */
export function grantsOf(statements: Statement[]): Map<string, unknown[]> {
  const grants = new Map<string, unknown[]>();
  for (const statement of statements) {
    if (statement.Effect !== 'Allow') continue;
    for (const action of list(statement.Action)) {
      grants.set(action, [...(grants.get(action) ?? []), ...list(statement.Resource)]);
    }
  }
  return grants;
}
