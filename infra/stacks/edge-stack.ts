/**
 * The edge in front of the HTTP API: a CloudFront distribution on the public domain with an AWS WAF
 * web ACL (a rate limit per client IP and AWS's common rule set). An HTTP API cannot take a WAF web
 * ACL itself; CloudFront can, but only one of scope CLOUDFRONT, which AWS creates only in us-east-1.
 *
 * Why a separate us-east-1 stack with no cross-stack reference (and not `crossRegionReferences`, nor
 * "deploy everything to us-east-1"): the distribution's only link to the main stack is its origin,
 * the API's regional custom domain — a host name that the stage config already holds. So this stack
 * needs nothing from the main stack at synth or deploy time: no SSM-parameter custom resources (which
 * `crossRegionReferences` adds, with their own Lambda and IAM), no pinned account in the config, no
 * look-ups, and the data can stay in whatever region the main stack uses. The price is one DNS record
 * more for the operator (origin host name → the API's regional domain, docs/deploy.md).
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import type { StageConfig } from '#infra/config/stage-config.js';
import { applyEdgeNagSuppressions } from '#infra/nag-suppressions.js';

/** CloudFront-scope web ACLs, and so this stack, exist only in us-east-1. */
export const EDGE_REGION = 'us-east-1';

/** Names of the web ACL's rules, in priority order. */
export const WAF_RULES = {
  rateLimit: 'RateLimitPerIp',
  common: 'AWSManagedRulesCommonRuleSet',
} as const;

export interface EdgeStackProps extends StackProps {
  stage: string;
  edge: NonNullable<StageConfig['edge']>;
  /** Production: RETAIN the access-log bucket. */
  protectData: boolean;
}

const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: true,
});

export class EdgeStack extends Stack {
  readonly webAcl: wafv2.CfnWebACL;
  readonly distribution: cloudfront.Distribution;
  readonly logBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    const { edge } = props;

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      description: `Model Commons ${props.stage}: rate limit per IP and AWS common rules in front of the API`,
      defaultAction: { allow: {} },
      visibilityConfig: visibility(`ModelCommons-${props.stage}-edge`),
      rules: [
        {
          name: WAF_RULES.rateLimit,
          priority: 0,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: edge.rateLimitPer5Minutes,
              aggregateKeyType: 'IP',
              evaluationWindowSec: 300,
            },
          },
          visibilityConfig: visibility(WAF_RULES.rateLimit),
        },
        {
          name: WAF_RULES.common,
          priority: 1,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: {
              vendorName: 'AWS',
              name: WAF_RULES.common,
              // SizeRestrictions_BODY blocks bodies over 8 KB; the API accepts JSON bodies up to
              // MAX_BODY_BYTES (256 KB, enforced by the app with a 413) and large files never pass here
              // (browsers upload to S3 with presigned URLs). Count it instead of blocking.
              ruleActionOverrides: [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }],
            },
          },
          visibilityConfig: visibility(WAF_RULES.common),
        },
      ],
    });

    // CloudFront standard logs are delivered with ACLs, so this bucket cannot enforce bucket-owner
    // object ownership; it stays private, TLS-only and encrypted.
    this.logBucket = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365) }],
      ...(props.protectData
        ? { removalPolicy: RemovalPolicy.RETAIN }
        : { removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true }),
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `Model Commons ${props.stage} API`,
      domainNames: [edge.domainName],
      certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', edge.certificateArn),
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      webAclId: this.webAcl.attrArn,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: new origins.HttpOrigin(edge.originDomainName, {
          protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
          originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
        }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        // An API: nothing is cached. With caching disabled, AllViewerExceptHostHeader forwards every
        // viewer header (Authorization and cookies included) except Host, which API Gateway needs to
        // be its own custom domain name.
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      },
    });

    applyEdgeNagSuppressions(this);

    new CfnOutput(this, 'DistributionDomainName', {
      description: `DNS: point ${edge.domainName} here (CNAME or Route 53 alias)`,
      value: this.distribution.distributionDomainName,
    });
    new CfnOutput(this, 'DistributionId', { value: this.distribution.distributionId });
    new CfnOutput(this, 'WebAclArn', { value: this.webAcl.attrArn });
  }
}
