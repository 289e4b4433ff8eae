/**
 * The single DynamoDB table, built from the same constants the code uses
 * (`shared/table-layout.ts`), so keys, indexes and the TTL attribute cannot drift.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { GLOBAL_INDEXES, TABLE_KEYS } from '#shared/table-layout.js';

export interface DataTableProps {
  /** Production: deletion protection on and RETAIN on stack deletion. */
  protectData: boolean;
}

/** CloudFormation logical id, pinned so a refactor of construct paths never replaces the table. */
export const DATA_TABLE_LOGICAL_ID = 'DataTable';

export class DataTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: DataTableProps) {
    super(scope, id);
    const string = dynamodb.AttributeType.STRING;
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: string },
      sortKey: { name: TABLE_KEYS.sortKey, type: string },
      timeToLiveAttribute: TABLE_KEYS.ttlAttribute,
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      // The most accessed and most throttled keys, for when the throttle alarm fires (monitoring.ts).
      contributorInsightsSpecification: { enabled: true },
      deletionProtection: props.protectData,
      removalPolicy: props.protectData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    for (const index of GLOBAL_INDEXES) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: string },
        sortKey: { name: index.sortKey, type: string },
        projectionType: dynamodb.ProjectionType.ALL,
        contributorInsightsSpecification: { enabled: true },
      });
    }
    (this.table.node.defaultChild as dynamodb.CfnTable).overrideLogicalId(DATA_TABLE_LOGICAL_ID);
  }
}
