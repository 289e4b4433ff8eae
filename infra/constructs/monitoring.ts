/**
 * Alarms (to one SNS topic) and a dashboard: API 5xx rate, p99 latency, API function errors and
 * throttles, the chain indexer's errors, missed runs, reorgs, orphan sales and dead letters, DynamoDB
 * throttles and transaction conflicts. Business metrics come from the code's EMF lines
 * (`shared/metrics.ts`), whose names and dimensions this construct imports.
 *
 * The topic is the stack's own (with an optional e-mail subscription) or an existing one named by ARN
 * (`alarms.topicArn`); the stage config makes prod name one of the two, so an alarm reaches a person.
 */
import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC_NAMES, METRICS_NAMESPACE, stageDimensions } from '#shared/metrics.js';
import { GLOBAL_INDEXES } from '#shared/table-layout.js';
import { MissedScheduleAlarm } from './missed-schedule-alarm.js';

/**
 * What the chain indexer reports through EMF (shared/domain/market/chain-indexer.ts and
 * functions/indexer/handler.ts emit these names with the stage dimension only; their other fields,
 * such as chainId, are properties, not dimensions). The names are METRIC_NAMES' own, so the alarms and
 * the emitting code cannot drift apart.
 */
export const INDEXER_METRIC_NAMES = {
  runs: METRIC_NAMES.indexerRuns,
  reorgs: METRIC_NAMES.indexerReorgs,
  orphanSales: METRIC_NAMES.indexerOrphanSales,
  undone: METRIC_NAMES.indexerUndone,
  lagBlocks: METRIC_NAMES.indexerLagBlocks,
} as const;

export interface IndexerMonitoringProps {
  fn: lambda.Function;
  /** How often the schedule invokes it. */
  schedulePeriod: Duration;
  /** Schedule events EventBridge could not deliver. */
  deadLetterQueue: sqs.Queue;
}

export interface MonitoringProps {
  stage: string;
  api: apigw.HttpApi;
  apiFunction: lambda.Function;
  /** The chain indexer, when the stack deploys one. */
  indexer?: IndexerMonitoringProps | undefined;
  table: dynamodb.Table;
  /** Subscribed to the stack's own topic. */
  alarmEmail?: string | undefined;
  /** An existing topic that receives every alarm instead of a topic of the stack's own. */
  alarmTopicArn?: string | undefined;
  serverErrorRatePercent: number;
  p99LatencyMs: number;
  transactionConflictsPer5Minutes: number;
}

const FIVE_MINUTES = Duration.minutes(5);

export class Monitoring extends Construct {
  readonly topic: sns.ITopic;
  readonly dashboard: cloudwatch.Dashboard;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    if (props.alarmTopicArn) {
      this.topic = sns.Topic.fromTopicArn(this, 'AlarmTopic', props.alarmTopicArn);
    } else {
      const topic = new sns.Topic(this, 'AlarmTopic', {
        displayName: `Model Commons ${props.stage} alarms`,
        enforceSSL: true,
      });
      if (props.alarmEmail) topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
      this.topic = topic;
    }

    const requests = props.api.metricCount({ period: FIVE_MINUTES, statistic: 'Sum' });
    const serverErrors = props.api.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' });
    const serverErrorRate = new cloudwatch.MathExpression({
      expression: '100 * errors / MAX([requests, 1])',
      usingMetrics: { errors: serverErrors, requests },
      period: FIVE_MINUTES,
      label: '5xx rate (%)',
    });
    const p99Latency = props.api.metricLatency({ period: FIVE_MINUTES, statistic: 'p99' });
    const business = (name: string, statistic = 'Sum') =>
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName: name,
        dimensionsMap: stageDimensions(props.stage),
        period: FIVE_MINUTES,
        statistic,
      });

    this.alarm('Api5xxRate', 'API 5xx responses above the allowed share of requests', serverErrorRate, {
      threshold: props.serverErrorRatePercent,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
    });
    this.alarm('ApiP99Latency', 'API p99 latency above the target', p99Latency, {
      threshold: props.p99LatencyMs,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
    });
    this.alarm(
      'ApiErrors',
      'API function invocations failed (unhandled errors, timeouts)',
      props.apiFunction.metricErrors({ period: FIVE_MINUTES }),
      {
        threshold: 1,
        evaluationPeriods: 1,
      },
    );
    this.alarm(
      'ApiThrottles',
      'API function throttled by Lambda concurrency',
      props.apiFunction.metricThrottles({ period: FIVE_MINUTES }),
      {
        threshold: 1,
        evaluationPeriods: 1,
      },
    );

    const indexer = props.indexer;
    if (indexer) {
      this.alarm(
        'IndexerErrors',
        'Chain indexer invocations failed (unhandled errors, timeouts, an RPC or table fault)',
        indexer.fn.metricErrors({ period: FIVE_MINUTES }),
        { threshold: 1, evaluationPeriods: 1 },
      );
      this.addAlarm(
        new MissedScheduleAlarm(this, 'IndexerMissedRuns', {
          fn: indexer.fn,
          period: indexer.schedulePeriod,
          missedPeriods: 3,
          workerName: 'The chain indexer',
        }).alarm,
      );
      this.alarm(
        'IndexerReorgs',
        'The chain indexer found its cursor off the canonical chain (a reorg beyond the finality depth) and rewound; licences of undone sales are revoked as REORGED',
        business(INDEXER_METRIC_NAMES.reorgs),
        { threshold: 1, evaluationPeriods: 1 },
      );
      this.alarm(
        'IndexerOrphanSales',
        'The chain indexer read a market sale that matches no order (paid on chain, no licence indexed): find the order by its token id',
        business(INDEXER_METRIC_NAMES.orphanSales),
        { threshold: 1, evaluationPeriods: 1 },
      );
      this.alarm(
        'IndexerDeadLetters',
        'Chain indexer schedule events dead-lettered (EventBridge could not invoke the function)',
        indexer.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: FIVE_MINUTES,
          statistic: 'Maximum',
        }),
        { threshold: 1, evaluationPeriods: 1 },
      );
    }

    // Throttles of the table and of every GSI (an on-demand table still throttles beyond its
    // per-partition limits and its account/table maximums); one alarm for all of them.
    const dynamo = (metricName: string, index?: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/DynamoDB',
        metricName,
        dimensionsMap: {
          TableName: props.table.tableName,
          ...(index ? { GlobalSecondaryIndexName: index } : {}),
        },
        period: FIVE_MINUTES,
        statistic: 'Sum',
      });
    const throttleMetrics: Record<string, cloudwatch.IMetric> = {};
    for (const [suffix, index] of [
      ['table', undefined],
      ...GLOBAL_INDEXES.map((gsi) => [gsi.indexName, gsi.indexName] as const),
    ] as const) {
      throttleMetrics[`read_${suffix}`] = dynamo('ReadThrottleEvents', index);
      throttleMetrics[`write_${suffix}`] = dynamo('WriteThrottleEvents', index);
    }
    const throttles = new cloudwatch.MathExpression({
      expression: 'SUM(METRICS())',
      usingMetrics: throttleMetrics,
      period: FIVE_MINUTES,
      label: 'DynamoDB throttle events (table + indexes)',
    });
    this.alarm(
      'DataTableThrottles',
      'DynamoDB throttled reads or writes on the table or an index',
      throttles,
      {
        threshold: 1,
        evaluationPeriods: 1,
      },
    );
    const conflicts = dynamo('TransactionConflict');
    this.alarm(
      'DataTableTransactionConflicts',
      'DynamoDB transactions cancelled by conflicts with other transactions (retried by the code; a steady stream means a hot item)',
      conflicts,
      { threshold: props.transactionConflictsPer5Minutes, evaluationPeriods: 1 },
    );

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.hours(6),
      widgets: [
        [
          new cloudwatch.GraphWidget({
            title: 'API requests and 5xx',
            left: [requests, serverErrors],
            width: 8,
          }),
          new cloudwatch.GraphWidget({ title: 'API 5xx rate (%)', left: [serverErrorRate], width: 8 }),
          new cloudwatch.GraphWidget({
            title: 'API latency',
            left: [props.api.metricLatency({ period: FIVE_MINUTES, statistic: 'p50' }), p99Latency],
            width: 8,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'API function',
            left: [props.apiFunction.metricErrors(), props.apiFunction.metricThrottles()],
            right: [props.apiFunction.metricDuration({ statistic: 'p99' })],
            width: 24,
          }),
        ],
        [
          new cloudwatch.GraphWidget({ title: 'DynamoDB throttles', left: [throttles], width: 12 }),
          new cloudwatch.GraphWidget({
            title: 'DynamoDB transaction conflicts',
            left: [conflicts],
            width: 12,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Marketplace',
            left: [
              business(METRIC_NAMES.signIns),
              business(METRIC_NAMES.ordersCreated),
              business(METRIC_NAMES.settlements),
            ],
            width: 24,
          }),
        ],
      ],
    });
    if (indexer) {
      this.dashboard.addWidgets(
        new cloudwatch.GraphWidget({
          title: 'Chain indexer',
          left: [indexer.fn.metricErrors(), indexer.fn.metricThrottles()],
          right: [
            indexer.fn.metricInvocations(),
            indexer.deadLetterQueue.metricApproximateNumberOfMessagesVisible(),
          ],
          width: 8,
        }),
        new cloudwatch.GraphWidget({
          title: 'Chain indexer events',
          left: [
            business(INDEXER_METRIC_NAMES.runs),
            business(INDEXER_METRIC_NAMES.reorgs),
            business(INDEXER_METRIC_NAMES.orphanSales),
            business(INDEXER_METRIC_NAMES.undone),
          ],
          width: 8,
        }),
        new cloudwatch.GraphWidget({
          title: 'Chain indexer lag (blocks behind the head)',
          left: [business(INDEXER_METRIC_NAMES.lagBlocks, 'Maximum')],
          width: 8,
        }),
      );
    }
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 }),
    );
  }

  private alarm(
    id: string,
    description: string,
    metric: cloudwatch.IMetric,
    options: { threshold: number; evaluationPeriods: number; datapointsToAlarm?: number },
  ): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmDescription: description,
      metric,
      threshold: options.threshold,
      evaluationPeriods: options.evaluationPeriods,
      datapointsToAlarm: options.datapointsToAlarm,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // No traffic is healthy, not unknown.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.addAlarm(alarm);
  }

  /** Sends `alarm` (and its recovery) to the topic and shows it on the dashboard. */
  private addAlarm(alarm: cloudwatch.Alarm): void {
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    alarm.addOkAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
