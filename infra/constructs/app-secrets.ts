/**
 * The secrets the functions read once per instance. Secrets Manager generates every key, so no key ever
 * appears in a template, a terminal or an environment variable; functions receive only ARNs
 * (`<NAME>_SECRET_ARN`) and `shared/adapters/secrets` resolves them.
 *
 * - session keys: `{"kid","secret"}` JSON (rotation: store an array, first signs, all verify);
 * - licence signer and treasury keys: 64 hex characters (a secp256k1 private key; `0x` added on load);
 * - RPC URLs: a JSON map chainId → URL, `{}` until an operator fills in private endpoints.
 */
import { SecretValue } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/** The environment variable each secret fills, and so the `<NAME>_SECRET_ARN` a function receives. */
export const SECRET_VARIABLES = {
  sessionKeys: 'SESSION_KEYS',
  licenceSignerKey: 'LICENCE_SIGNER_KEY',
  treasuryKey: 'TREASURY_PRIVATE_KEY',
  rpcUrls: 'RPC_URLS',
} as const;

const LOWERCASE_NON_HEX = 'ghijklmnopqrstuvwxyz';

/** 64 lower-case hex characters from Secrets Manager's random generator: 256 bits. */
const hexPrivateKey: secretsmanager.SecretStringGenerator = {
  passwordLength: 64,
  excludeUppercase: true,
  excludePunctuation: true,
  includeSpace: false,
  excludeCharacters: LOWERCASE_NON_HEX,
  requireEachIncludedType: false,
};

export interface AppSecretsProps {
  stage: string;
}

export class AppSecrets extends Construct {
  readonly sessionKeys: secretsmanager.Secret;
  readonly licenceSignerKey: secretsmanager.Secret;
  readonly treasuryKey: secretsmanager.Secret;
  readonly rpcUrls: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: AppSecretsProps) {
    super(scope, id);
    this.sessionKeys = new secretsmanager.Secret(this, 'SessionKeys', {
      description: `Model Commons ${props.stage}: session signing keys (kid + secret; first signs, all verify)`,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ kid: 'k1' }),
        generateStringKey: 'secret',
        passwordLength: 64,
        excludePunctuation: true,
        includeSpace: false,
      },
    });
    this.licenceSignerKey = new secretsmanager.Secret(this, 'LicenceSignerKey', {
      description: `Model Commons ${props.stage}: EIP-712 licence signer private key (hex)`,
      generateSecretString: hexPrivateKey,
    });
    this.treasuryKey = new secretsmanager.Secret(this, 'TreasuryKey', {
      description: `Model Commons ${props.stage}: payout treasury private key (hex); payout worker only`,
      generateSecretString: hexPrivateKey,
    });
    this.rpcUrls = new secretsmanager.Secret(this, 'RpcUrls', {
      description: `Model Commons ${props.stage}: private JSON-RPC URLs, JSON map chainId → URL`,
      // Not a secret yet: an empty map. Operators put their keyed URLs in with put-secret-value.
      secretStringValue: SecretValue.unsafePlainText('{}'),
    });
  }
}
