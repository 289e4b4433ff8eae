/**
 * The artifact bucket: private, TLS-only, encrypted, versioned, owner-enforced, with CORS limited to
 * the configured frontends (browsers PUT straight to presigned URLs) and lifecycle rules that clean up
 * abandoned multipart uploads, staged uploads and old versions. Server access logs go to a separate log bucket.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ARTIFACT_STAGING_PREFIX } from '#shared/deployment-contract.js';

export interface ArtifactBucketProps {
  /** Frontend origins that may PUT/GET/HEAD presigned URLs from a browser; empty → no CORS rule. */
  allowedOrigins: readonly string[];
  abortIncompleteMultipartUploadDays: number;
  noncurrentVersionExpirationDays: number;
  /** Days before a staged upload (ARTIFACT_STAGING_PREFIX) expires; `complete` copies it out long before. */
  stagedUploadExpirationDays: number;
  /** Production: RETAIN on stack deletion; otherwise the buckets are emptied and deleted. */
  protectData: boolean;
}

/** CloudFormation logical id, pinned so a refactor of construct paths never replaces the bucket. */
export const ARTIFACT_BUCKET_LOGICAL_ID = 'ArtifactBucket';

/** Headers a browser sends with a presigned PUT (see S3ArtifactStore.presignPut) or a ranged GET. */
export const ARTIFACT_CORS_ALLOWED_HEADERS = ['content-type', 'x-amz-checksum-sha256', 'range'];
/** Headers a browser must read: ETag to complete multipart uploads, the checksum to confirm a part. */
export const ARTIFACT_CORS_EXPOSED_HEADERS = ['ETag', 'x-amz-checksum-sha256'];

export class ArtifactBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly accessLogBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: ArtifactBucketProps) {
    super(scope, id);
    // Log delivery through a bucket policy (not ACLs), so the log bucket can enforce object ownership.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    const removal = props.protectData
      ? { removalPolicy: RemovalPolicy.RETAIN }
      : { removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true };

    this.accessLogBucket = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365) }],
      ...removal,
    });

    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // SSE-S3: presigned PUT/GET work without granting browsers' signers KMS access, and no key cost.
      encryption: s3.BucketEncryption.S3_MANAGED,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: 'artifacts/',
      cors:
        props.allowedOrigins.length > 0
          ? [
              {
                allowedOrigins: [...props.allowedOrigins],
                allowedMethods: [s3.HttpMethods.PUT, s3.HttpMethods.GET, s3.HttpMethods.HEAD],
                allowedHeaders: ARTIFACT_CORS_ALLOWED_HEADERS,
                exposedHeaders: ARTIFACT_CORS_EXPOSED_HEADERS,
                maxAge: 3600,
              },
            ]
          : undefined,
      lifecycleRules: [
        {
          id: 'abort-incomplete-multipart-uploads',
          abortIncompleteMultipartUploadAfter: Duration.days(props.abortIncompleteMultipartUploadDays),
        },
        {
          id: 'expire-staged-uploads',
          prefix: ARTIFACT_STAGING_PREFIX,
          expiration: Duration.days(props.stagedUploadExpirationDays),
        },
        {
          id: 'expire-noncurrent-versions',
          noncurrentVersionExpiration: Duration.days(props.noncurrentVersionExpirationDays),
          expiredObjectDeleteMarker: true,
        },
      ],
      ...removal,
    });
    (this.bucket.node.defaultChild as s3.CfnBucket).overrideLogicalId(ARTIFACT_BUCKET_LOGICAL_ID);
  }
}
