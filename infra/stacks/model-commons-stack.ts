/**
 * The whole marketplace in one stack: data (table, artifact bucket), secrets, the API (HTTP API →
 * Lambda), the scheduled payout worker, and monitoring. Every value comes from the validated stage
 * config; nothing here reads the environment or the network.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { SECRET_ARN_SUFFIX } from '../../shared/adapters/secrets/secret-env.js';
import type { StageConfig } from '../config/stage-config.js';
import { AppSecrets, SECRET_VARIABLES } from '../constructs/app-secrets.js';
import { ArtifactBucket } from '../constructs/artifact-bucket.js';
import { DataTable } from '../constructs/data-table.js';
import { HttpApi } from '../constructs/http-api.js';
import { Monitoring } from '../constructs/monitoring.js';
import { PayoutWorker } from '../constructs/payout-worker.js';
import { bundlingOptions, ServiceFunction } from '../constructs/service-function.js';
import { applyNagSuppressions } from '../nag-suppressions.js';
import { ENTRIES, ETHERS_ESM_ENTRY, LOCK_FILE, PROJECT_ROOT } from '../paths.js';

export interface ModelCommonsStackProps extends StackProps {
  config: StageConfig;
  /** Override the bundled entries (tests and the benchmark); defaults to the real handlers. */
  entries?: { api: string; payouts: string };
}

/**
 * S3 actions the API needs to presign uploads (single and multipart) and downloads, check what
 * arrived, and delete rejected objects. No bucket configuration, no version deletion.
 */
export const API_OBJECT_ACTIONS = [
  's3:GetObject',
  's3:GetObjectAttributes',
  's3:PutObject',
  's3:DeleteObject',
  's3:AbortMultipartUpload',
  's3:ListMultipartUploadParts',
];

export class ModelCommonsStack extends Stack {
  readonly data: DataTable;
  readonly artifacts: ArtifactBucket;
  readonly secrets: AppSecrets;
  readonly httpApi: HttpApi;
  readonly api: ServiceFunction;
  readonly payouts: PayoutWorker;
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: ModelCommonsStackProps) {
    super(scope, id, props);
    const { config } = props;
    const entries = props.entries ?? ENTRIES;
    const logRetention = config.logRetentionDays as logs.RetentionDays;
    const logRemovalPolicy = config.protectData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const bundling = bundlingOptions(ETHERS_ESM_ENTRY);

    this.data = new DataTable(this, 'Data', { protectData: config.protectData });
    this.artifacts = new ArtifactBucket(this, 'Artifacts', {
      allowedOrigins: config.allowedOrigins,
      abortIncompleteMultipartUploadDays: config.artifacts.abortIncompleteMultipartUploadDays,
      noncurrentVersionExpirationDays: config.artifacts.noncurrentVersionExpirationDays,
      protectData: config.protectData,
    });
    this.secrets = new AppSecrets(this, 'Secrets', { stage: config.stage });
    this.httpApi = new HttpApi(this, 'Http', {
      allowedOrigins: config.allowedOrigins,
      throttleRateLimit: config.api.throttleRateLimit,
      throttleBurstLimit: config.api.throttleBurstLimit,
      logRetention,
      logRemovalPolicy,
    });

    // Public chain settings travel in plain text; private RPC URLs come from the RPC secret.
    const chains = JSON.stringify(
      config.chains.map(({ publicRpcUrl, ...chain }) => ({ ...chain, rpcUrl: publicRpcUrl })),
    );
    const secretArn = (variable: string) => `${variable}${SECRET_ARN_SUFFIX}`;
    const common = {
      STAGE: config.stage,
      LOG_LEVEL: 'info',
      PUBLIC_ORIGIN: config.publicOrigin ?? this.httpApi.url,
      TABLE_NAME: this.data.table.tableName,
      // A name, not a grant: loadConfig requires it in every entry; only the API may touch the bucket.
      BUCKET_NAME: this.artifacts.bucket.bucketName,
      CHAINS: chains,
      [secretArn(SECRET_VARIABLES.rpcUrls)]: this.secrets.rpcUrls.secretArn,
    };

    this.api = new ServiceFunction(this, 'Api', {
      entry: entries.api,
      projectRoot: PROJECT_ROOT,
      lockFile: LOCK_FILE,
      bundling,
      codeSplitting: true,
      description: 'Model Commons HTTP API',
      memorySize: config.api.memoryMb,
      timeout: Duration.seconds(config.api.timeoutSeconds),
      logRetention,
      logRemovalPolicy,
      environment: {
        ...common,
        ALLOWED_ORIGINS: config.allowedOrigins.join(','),
        PLATFORM_FEE_BPS: String(config.fees.platformBps),
        REFERRER_FEE_BPS: String(config.fees.referrerBps),
        ...(config.fees.platformRecipient ? { PLATFORM_FEE_RECIPIENT: config.fees.platformRecipient } : {}),
        [secretArn(SECRET_VARIABLES.sessionKeys)]: this.secrets.sessionKeys.secretArn,
        [secretArn(SECRET_VARIABLES.licenceSignerKey)]: this.secrets.licenceSignerKey.secretArn,
      },
      extra: {
        // The API reads its secrets through the Parameters and Secrets extension (one local GET each,
        // no SDK client on the cold path; shared/adapters/secrets/extension-reader.ts). Same IAM grants.
        paramsAndSecrets: lambda.ParamsAndSecretsLayerVersion.fromVersion(
          lambda.ParamsAndSecretsVersions.V1_0_103,
          {
            cacheEnabled: true,
            logLevel: lambda.ParamsAndSecretsLogLevel.WARN,
          },
        ),
      },
    });
    this.httpApi.routeAllTo(this.api.fn);

    this.payouts = new PayoutWorker(this, 'Payouts', {
      entry: entries.payouts,
      projectRoot: PROJECT_ROOT,
      lockFile: LOCK_FILE,
      bundling,
      scheduleMinutes: config.payouts.scheduleMinutes,
      logRetention,
      logRemovalPolicy,
      environment: {
        ...common,
        [secretArn(SECRET_VARIABLES.treasuryKey)]: this.secrets.treasuryKey.secretArn,
      },
    });

    // Least privilege, per function.
    this.data.table.grantReadWriteData(this.api.fn);
    this.api.fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: API_OBJECT_ACTIONS,
        resources: [this.artifacts.bucket.arnForObjects('*')],
      }),
    );
    // HeadBucket (the health probe) is authorised by s3:ListBucket.
    this.api.fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.artifacts.bucket.bucketArn] }),
    );
    this.secrets.sessionKeys.grantRead(this.api.fn);
    this.secrets.licenceSignerKey.grantRead(this.api.fn);
    this.secrets.rpcUrls.grantRead(this.api.fn);

    const worker = this.payouts.function.fn;
    this.data.table.grantReadWriteData(worker);
    this.secrets.treasuryKey.grantRead(worker);
    this.secrets.rpcUrls.grantRead(worker);

    this.monitoring = new Monitoring(this, 'Monitoring', {
      stage: config.stage,
      api: this.httpApi.api,
      apiFunction: this.api.fn,
      payoutFunction: worker,
      deadLetterQueue: this.payouts.deadLetterQueue,
      alarmEmail: config.alarms.email,
      serverErrorRatePercent: config.alarms.serverErrorRatePercent,
      p99LatencyMs: config.alarms.p99LatencyMs,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.url });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'BucketName', { value: this.artifacts.bucket.bucketName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.topic.topicArn });
    new CfnOutput(this, 'SessionKeysSecretArn', { value: this.secrets.sessionKeys.secretArn });
    new CfnOutput(this, 'LicenceSignerKeySecretArn', { value: this.secrets.licenceSignerKey.secretArn });
    new CfnOutput(this, 'TreasuryKeySecretArn', { value: this.secrets.treasuryKey.secretArn });
    new CfnOutput(this, 'RpcUrlsSecretArn', { value: this.secrets.rpcUrls.secretArn });
    new CfnOutput(this, 'DashboardName', { value: this.monitoring.dashboard.dashboardName });

    applyNagSuppressions(this);
  }
}
