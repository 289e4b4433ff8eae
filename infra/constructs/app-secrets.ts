/**
 * The secrets the functions read once per instance. Secrets Manager generates every key, so no key ever
 * appears in a template, a terminal or an environment variable; functions receive only ARNs
 * (`<NAME>_SECRET_ARN`) and `shared/adapters/secrets` resolves them.
 *
 * - session keys: `{"kid","secret"}` JSON (rotation: store an array, first signs, all verify);
 * - RPC URLs: a JSON map chainId → URL, `{}` until an operator fills in private endpoints.
 *
 * The licence signer is not here: it is a KMS key (licence-signer-key.ts) that never leaves KMS. Nor is
 * the treasury key of the retired custodial payouts (`TreasuryKeySecret`, issue 16): a stage deployed
 * with it keeps the RETAINed secret until an operator deletes it (docs/deploy.md, "Upgrading a stage
 * that ran the custodial path").
 *
 * Each secret's CloudFormation logical id is pinned and, with `protectData`, it is RETAINed: its value
 * (a generated key, an operator's RPC URLs) exists nowhere else. CloudFormation also generates a NEW
 * value whenever `GenerateSecretString` changes, so those settings are frozen by a test
 * (test/infra/stack.test.ts) — change them only together with a planned key rotation.
 */
import { RemovalPolicy, SecretValue } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/** The environment variable each secret fills, and so the `<NAME>_SECRET_ARN` a function receives. */
export const SECRET_VARIABLES = {
  sessionKeys: 'SESSION_KEYS',
  rpcUrls: 'RPC_URLS',
} as const;

/** CloudFormation logical ids, pinned so a refactor of construct paths never replaces a secret. */
export const SECRET_LOGICAL_IDS = {
  sessionKeys: 'SessionKeysSecret',
  rpcUrls: 'RpcUrlsSecret',
} as const;

export interface AppSecretsProps {
  stage: string;
  /** Production: RETAIN on stack deletion and on replacement (the values exist nowhere else). */
  protectData: boolean;
}

export class AppSecrets extends Construct {
  readonly sessionKeys: secretsmanager.Secret;
  readonly rpcUrls: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: AppSecretsProps) {
    super(scope, id);
    const removalPolicy = props.protectData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.sessionKeys = new secretsmanager.Secret(this, 'SessionKeys', {
      description: `Model Commons ${props.stage}: session signing keys (kid + secret; first signs, all verify)`,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ kid: 'k1' }),
        generateStringKey: 'secret',
        passwordLength: 64,
        excludePunctuation: true,
        includeSpace: false,
      },
      removalPolicy,
    });
    this.rpcUrls = new secretsmanager.Secret(this, 'RpcUrls', {
      description: `Model Commons ${props.stage}: private JSON-RPC URLs, JSON map chainId → URL`,
      // Not a secret yet: an empty map. Operators put their keyed URLs in with put-secret-value.
      secretStringValue: SecretValue.unsafePlainText('{}'),
      removalPolicy,
    });
    for (const [name, logicalId] of Object.entries(SECRET_LOGICAL_IDS)) {
      const secret = this[name as keyof typeof SECRET_LOGICAL_IDS];
      (secret.node.defaultChild as secretsmanager.CfnSecret).overrideLogicalId(logicalId);
    }
  }
}
