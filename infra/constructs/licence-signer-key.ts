/**
 * The licence signer: an AWS KMS key of spec ECC_SECG_P256K1 (secp256k1, Ethereum's curve) used for
 * SIGN_VERIFY. Licence tokens are signed inside KMS, so the private key is never in memory, a log or a
 * template; the runtime signer (shared/adapters/keys) derives the signer address from the public key.
 *
 * Only roles passed to `grantSign` may sign (IAM policy on the role; the key policy keeps CDK's default
 * statement delegating to IAM in this account). With `protectData` the key is RETAINed and its logical
 * id pinned: a replaced key would mean a new signer address, and every licence issued so far would
 * stop verifying against the published one.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** CloudFormation logical id, pinned so a refactor of construct paths never replaces the key. */
export const LICENCE_SIGNER_KEY_LOGICAL_ID = 'LicenceSignerKmsKey';

/** The only KMS actions a signer needs: sign a digest, read the public key (→ the signer address). */
export const LICENCE_SIGNER_ACTIONS = ['kms:Sign', 'kms:GetPublicKey'] as const;

export interface LicenceSignerKeyProps {
  stage: string;
  /** Production: RETAIN on stack deletion and replacement. */
  protectData: boolean;
}

export class LicenceSignerKey extends Construct {
  readonly key: kms.Key;
  readonly alias: kms.Alias;

  constructor(scope: Construct, id: string, props: LicenceSignerKeyProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: `Model Commons ${props.stage}: EIP-712 licence signer (secp256k1, sign only)`,
      keySpec: kms.KeySpec.ECC_SECG_P256K1,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      // Asymmetric keys cannot rotate automatically; a new signer is an announced change (docs/deploy.md).
      enableKeyRotation: false,
      removalPolicy: props.protectData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      // Outside production a deleted stack schedules the key's deletion after the shortest wait.
      pendingWindow: props.protectData ? undefined : Duration.days(7),
    });
    (this.key.node.defaultChild as kms.CfnKey).overrideLogicalId(LICENCE_SIGNER_KEY_LOGICAL_ID);
    this.alias = new kms.Alias(this, 'Alias', {
      aliasName: `alias/model-commons-${props.stage}-licence-signer`,
      targetKey: this.key,
    });
  }

  /** Lets `grantee` sign with the key and read its public key — nothing else. */
  grantSign(grantee: iam.IGrantable): iam.Grant {
    return this.key.grant(grantee, ...LICENCE_SIGNER_ACTIONS);
  }
}
