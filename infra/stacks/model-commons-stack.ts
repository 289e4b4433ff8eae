/**
 * The whole marketplace in one stack: data (table, artifact bucket), secrets, the licence signer (KMS),
 * the API (HTTP API → Lambda), the scheduled chain indexer (when a chain names its market contract),
 * and monitoring. Every value comes from the validated stage config;
 * nothing here reads the environment or the network. With `edge` set, CloudFront and WAF live in a
 * us-east-1 stack of their own (edge-stack.ts) and this stack's API answers only on the custom domain
 * they use as origin.
 */
import { Annotations, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { StageConfig } from '#infra/config/stage-config.js';
import { AppSecrets, SECRET_VARIABLES } from '#infra/constructs/app-secrets.js';
import { ArtifactBucket } from '#infra/constructs/artifact-bucket.js';
import { ChainIndexer } from '#infra/constructs/chain-indexer.js';
import { DataTable } from '#infra/constructs/data-table.js';
import { HttpApi } from '#infra/constructs/http-api.js';
import { LicenceSignerKey } from '#infra/constructs/licence-signer-key.js';
import { Monitoring } from '#infra/constructs/monitoring.js';
import { bundlingOptions, ServiceFunction } from '#infra/constructs/service-function.js';
import { applyNagSuppressions } from '#infra/nag-suppressions.js';
import { ENTRIES, ETHERS_ESM_ENTRY, LOCK_FILE, PROJECT_ROOT } from '#infra/paths.js';
import { DOCS_ASSET_PACKAGE, SECRET_ARN_SUFFIX } from '#shared/deployment-contract.js';
import { ENTITIES, GLOBAL_INDEXES } from '#shared/table-layout.js';

export interface ModelCommonsStackProps extends StackProps {
  config: StageConfig;
  /** Override the bundled entries (tests and the benchmark); defaults to the real handlers. */
  entries?: { api: string; indexer: string };
}

/**
 * S3 actions the API needs to presign uploads (single and multipart: PutObject covers create, upload
 * part and complete) and downloads, check what arrived (HeadObject → GetObject), list a multipart
 * upload's parts, and delete rejected objects. No bucket configuration, no version deletion.
 */
export const API_OBJECT_ACTIONS = [
  's3:GetObject',
  's3:PutObject',
  's3:DeleteObject',
  's3:AbortMultipartUpload',
  's3:ListMultipartUploadParts',
];

/**
 * Every artifact key starts here (verified files at `artifacts/<modelId>/<fileId>`, staged uploads
 * under `artifacts/uploads/`: shared/domain/catalogue/upload-service.ts); the API's object grant
 * covers this prefix only.
 */
export const ARTIFACT_KEY_PREFIX = 'artifacts/';

/**
 * DynamoDB actions by what the code sends (shared/adapters/dynamodb/dynamo-table.ts is the only
 * sender): GetCommand, PutCommand, UpdateCommand, DeleteCommand, QueryCommand, TransactWriteCommand.
 * TransactWriteItems has no IAM action of its own: each Put/Update/Delete inside it is authorised as
 * PutItem/UpdateItem/DeleteItem (and ConditionCheck as ConditionCheckItem, which no code uses).
 * No Scan, no Batch*, no streams, no DescribeTable (table-admin.ts runs only against the local stack).
 */
export const API_TABLE_ITEM_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
];

type Entity = keyof typeof ENTITIES;

/**
 * The chain indexer's DynamoDB access, action by action, from what DynamoMarketIndexRepository sends
 * (shared/adapters/dynamodb/market-index-repository.ts) — each action confined by
 * `dynamodb:LeadingKeys` to the partitions of the entities it sends it to:
 * - GetItem: its cursor, an order's token pointer, the order, a licence;
 * - PutItem: its cursor, an event's claim, a licence (issued, moved, restored), a sale, its credits;
 * - UpdateItem: the order (paid, reopened), a licence (revoked as REORGED), the offer's sold count;
 * - DeleteItem: a claim, a sale and its credits (undoing a reorged sale);
 * - Query: the claims of a block range, on the table (no index).
 * Each Put/Update/Delete of its TransactWriteItems is authorised as that action. An offer lives in its
 * model's partition (`MODEL#`): LeadingKeys cannot tell it from the model's other items, the action
 * list can (UpdateItem only).
 */
export const INDEXER_TABLE_ACCESS: Readonly<Record<string, readonly Entity[]>> = {
  'dynamodb:GetItem': ['chainCursor', 'orderToken', 'order', 'licence'],
  'dynamodb:PutItem': ['chainCursor', 'chainEvent', 'licence', 'sale', 'credit'],
  'dynamodb:UpdateItem': ['order', 'licence', 'offer'],
  'dynamodb:DeleteItem': ['chainEvent', 'sale', 'credit'],
  'dynamodb:Query': ['chainEvent'],
};

/**
 * The `dynamodb:LeadingKeys` pattern of an entity's partitions: its partition key's literal first
 * segment (shared/table-layout.ts), e.g. `order` → `ORDER#*` (which `ORDERTOKEN#…` does not match).
 */
export function partitionPattern(entity: Entity): string {
  const [literal, ...fields] = ENTITIES[entity].pk;
  if (!literal || fields.length === 0 || literal !== literal.toUpperCase()) {
    throw new Error(`${entity}: its partition key does not start with a literal followed by a field`);
  }
  return `${literal}#*`;
}

export class ModelCommonsStack extends Stack {
  readonly data: DataTable;
  readonly artifacts: ArtifactBucket;
  readonly secrets: AppSecrets;
  readonly licenceSigner: LicenceSignerKey;
  readonly httpApi: HttpApi;
  readonly api: ServiceFunction;
  /** Only when a configured chain names its market contract: there is nothing to index otherwise. */
  readonly indexer: ChainIndexer | undefined;
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: ModelCommonsStackProps) {
    // Production stacks refuse `cdk destroy` / delete-stack until protection is turned off on purpose.
    super(scope, id, { terminationProtection: props.config.protectData, ...props });
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
      stagedUploadExpirationDays: config.artifacts.stagedUploadExpirationDays,
      protectData: config.protectData,
    });
    this.secrets = new AppSecrets(this, 'Secrets', { stage: config.stage, protectData: config.protectData });
    this.licenceSigner = new LicenceSignerKey(this, 'LicenceSigner', {
      stage: config.stage,
      protectData: config.protectData,
    });
    this.httpApi = new HttpApi(this, 'Http', {
      allowedOrigins: config.allowedOrigins,
      throttleRateLimit: config.api.throttleRateLimit,
      throttleBurstLimit: config.api.throttleBurstLimit,
      logRetention,
      logRemovalPolicy,
      origin: config.edge
        ? { domainName: config.edge.originDomainName, certificateArn: config.edge.originCertificateArn }
        : undefined,
    });
    // SIWE messages name the domain users see: the edge's, else the configured one, else execute-api.
    const publicOrigin = config.edge
      ? `https://${config.edge.domainName}`
      : (config.publicOrigin ?? this.httpApi.url);

    // Public chain settings travel in plain text; private RPC URLs come from the RPC secret.
    const chains = JSON.stringify(
      config.chains.map(({ publicRpcUrl, ...chain }) => ({ ...chain, rpcUrl: publicRpcUrl })),
    );
    const secretArn = (variable: string) => `${variable}${SECRET_ARN_SUFFIX}`;
    const common = {
      STAGE: config.stage,
      LOG_LEVEL: 'info',
      PUBLIC_ORIGIN: publicOrigin,
      TABLE_NAME: this.data.table.tableName,
      // A name, not a grant: loadConfig requires it in every entry; only the API may touch the bucket.
      BUCKET_NAME: this.artifacts.bucket.bucketName,
      CHAINS: chains,
      // loadConfig requires it in every deployed stage, whichever entry loads it.
      PLATFORM_FEE_RECIPIENT: config.fees.platformRecipient,
      [secretArn(SECRET_VARIABLES.rpcUrls)]: this.secrets.rpcUrls.secretArn,
    };

    this.api = new ServiceFunction(this, 'Api', {
      entry: entries.api,
      projectRoot: PROJECT_ROOT,
      lockFile: LOCK_FILE,
      bundling,
      codeSplitting: true,
      // /docs serves Swagger UI's files from the package (no CDN): they ship beside the bundle.
      packageFiles: [DOCS_ASSET_PACKAGE],
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
        REFERRER_ADDRESSES: config.fees.referrers.join(','),
        OPERATOR_ADDRESSES: config.operators.join(','),
        [secretArn(SECRET_VARIABLES.sessionKeys)]: this.secrets.sessionKeys.secretArn,
        LICENCE_SIGNER_KMS_KEY_ID: this.licenceSigner.key.keyArn,
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

    const indexed = config.chains.filter((chain) => chain.market !== undefined);
    this.indexer =
      indexed.length === 0
        ? undefined
        : new ChainIndexer(this, 'Indexer', {
            entry: entries.indexer,
            projectRoot: PROJECT_ROOT,
            lockFile: LOCK_FILE,
            bundling,
            scheduleMinutes: config.indexer.scheduleMinutes,
            logRetention,
            logRemovalPolicy,
            environment: {
              ...common,
              // The same key as the API's: the indexer issues and re-signs licence tokens.
              LICENCE_SIGNER_KMS_KEY_ID: this.licenceSigner.key.keyArn,
              INDEXER_MAX_BLOCK_RANGE: String(config.indexer.maxBlockRange),
            },
          });
    if (!this.indexer) {
      Annotations.of(this).addInfo(
        'No chain in the stage config names a market: the chain indexer is not deployed (docs/deploy.md).',
      );
    }

    // Least privilege, per function, measured by test/infra/stack.test.ts against an allow-list.
    const table = this.data.table;
    const indexArn = (name: string) => `${table.tableArn}/index/${name}`;
    this.api.fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: API_TABLE_ITEM_ACTIONS, resources: [table.tableArn] }),
    );
    this.api.fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [table.tableArn, ...GLOBAL_INDEXES.map((index) => indexArn(index.indexName))],
      }),
    );
    this.api.fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: API_OBJECT_ACTIONS,
        resources: [this.artifacts.bucket.arnForObjects(`${ARTIFACT_KEY_PREFIX}*`)],
      }),
    );
    // HeadBucket (the health probe) is authorised by s3:ListBucket.
    this.api.fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.artifacts.bucket.bucketArn] }),
    );
    this.secrets.sessionKeys.grantRead(this.api.fn);
    this.secrets.rpcUrls.grantRead(this.api.fn);
    this.licenceSigner.grantSign(this.api.fn);

    const indexerFn = this.indexer?.function.fn;
    if (indexerFn) {
      // ForAllValues: every partition key the request touches must match. (With no key at all — a Scan —
      // ForAllValues would hold vacuously; the indexer is granted no Scan.)
      for (const [action, entities] of Object.entries(INDEXER_TABLE_ACCESS)) {
        indexerFn.addToRolePolicy(
          new iam.PolicyStatement({
            actions: [action],
            resources: [table.tableArn],
            conditions: {
              'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': entities.map(partitionPattern) },
            },
          }),
        );
      }
      this.secrets.rpcUrls.grantRead(indexerFn);
      this.licenceSigner.grantSign(indexerFn);
    }

    this.monitoring = new Monitoring(this, 'Monitoring', {
      stage: config.stage,
      api: this.httpApi.api,
      apiFunction: this.api.fn,
      indexer: this.indexer && {
        fn: this.indexer.function.fn,
        schedulePeriod: Duration.minutes(config.indexer.scheduleMinutes),
        deadLetterQueue: this.indexer.deadLetterQueue,
      },
      table: this.data.table,
      alarmEmail: config.alarms.email,
      alarmTopicArn: config.alarms.topicArn,
      serverErrorRatePercent: config.alarms.serverErrorRatePercent,
      p99LatencyMs: config.alarms.p99LatencyMs,
      transactionConflictsPer5Minutes: config.alarms.transactionConflictsPer5Minutes,
    });

    new CfnOutput(this, 'ApiUrl', { value: publicOrigin });
    // What SIWE messages must name; scripts/smoke.ts reads it.
    new CfnOutput(this, 'PublicOrigin', { value: publicOrigin });
    if (this.httpApi.originDomain) {
      new CfnOutput(this, 'OriginDomainTarget', {
        description: `DNS: point ${config.edge?.originDomainName} here (CNAME or Route 53 alias)`,
        value: this.httpApi.originDomain.regionalDomainName,
      });
    }
    new CfnOutput(this, 'ApiFunctionName', { value: this.api.fn.functionName });
    if (indexerFn) {
      new CfnOutput(this, 'IndexerFunctionName', {
        description: `The chain indexer (chains ${indexed.map((chain) => chain.chainId).join(', ')})`,
        value: indexerFn.functionName,
      });
    }
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'BucketName', { value: this.artifacts.bucket.bucketName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.topic.topicArn });
    new CfnOutput(this, 'SessionKeysSecretArn', { value: this.secrets.sessionKeys.secretArn });
    new CfnOutput(this, 'LicenceSignerKmsKeyId', {
      description: 'The licence signer KMS key (its ARN, accepted wherever KMS asks for a key id)',
      value: this.licenceSigner.key.keyArn,
    });
    new CfnOutput(this, 'RpcUrlsSecretArn', { value: this.secrets.rpcUrls.secretArn });
    new CfnOutput(this, 'DashboardName', { value: this.monitoring.dashboard.dashboardName });

    applyNagSuppressions(this);
  }
}
