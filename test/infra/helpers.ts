/** Small readers over a synthesised template, so assertions name resources by meaning, not by hash. */
import type { Template } from 'aws-cdk-lib/assertions';

export interface CfnResource {
  Type: string;
  // biome-ignore lint/suspicious/noExplicitAny: assertions walk CloudFormation JSON freely; a mismatch fails the test.
  Properties?: Record<string, any>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  DependsOn?: unknown;
}

export interface PolicyStatement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

/** The one resource of `type` matching `predicate` → [logicalId, resource]. */
export function only(
  template: Template,
  type: string,
  predicate: (resource: CfnResource) => boolean = () => true,
): [string, CfnResource] {
  const matches = Object.entries(template.findResources(type) as Record<string, CfnResource>).filter(
    ([, resource]) => predicate(resource),
  );
  if (matches.length !== 1) throw new Error(`expected exactly one ${type}, found ${matches.length}`);
  return matches[0] as [string, CfnResource];
}

export function functionByDescription(template: Template, description: string): [string, CfnResource] {
  return only(
    template,
    'AWS::Lambda::Function',
    (resource) => resource.Properties?.Description === description,
  );
}

export function secretByDescription(template: Template, fragment: string): string {
  return only(template, 'AWS::SecretsManager::Secret', (resource) =>
    String(resource.Properties?.Description ?? '').includes(fragment),
  )[0];
}

/** Every statement of every inline policy attached to the function's role. */
export function statementsOf(template: Template, fn: CfnResource): PolicyStatement[] {
  const roleId = (fn.Properties!.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  const policies = Object.values(
    template.findResources('AWS::IAM::Policy') as Record<string, CfnResource>,
  ).filter((policy) =>
    (policy.Properties!.Roles as Array<{ Ref: string }>).some((role) => role.Ref === roleId),
  );
  return policies.flatMap((policy) => policy.Properties?.PolicyDocument.Statement as PolicyStatement[]);
}

export function actionsOf(statement: PolicyStatement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

/** All logical ids referenced (Ref / Fn::GetAtt) anywhere inside `value`. */
export function referencedIds(value: unknown): string[] {
  const ids: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        if (key === 'Ref' && typeof child === 'string') ids.push(child);
        else if (key === 'Fn::GetAtt' && Array.isArray(child)) ids.push(String(child[0]));
        else walk(child);
      }
    }
  };
  walk(value);
  return ids;
}
