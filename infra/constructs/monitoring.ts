/**
 * Alarms (to one SNS topic) and a dashboard: API 5xx rate, p99 latency, Lambda errors and throttles,
 * payout worker errors and reported payout failures, dead letters. Business metrics come from the
 * code's EMF lines (`shared/metrics.ts`), whose names and dimensions this construct imports.
 */
import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC_NAMES, METRICS_NAMESPACE, stageDimensions } from '../../shared/metrics.js';

export interface MonitoringProps {
  stage: string;
  api: apigw.HttpApi;
  apiFunction: lambda.Function;
  payoutFunction: lambda.Function;
  deadLetterQueue: sqs.Queue;
  alarmEmail?: string | undefined;
  serverErrorRatePercent: number;
  p99LatencyMs: number;
}

const FIVE_MINUTES = Duration.minutes(5);

export class Monitoring extends Construct {
  readonly topic: sns.Topic;
  readonly dashboard: cloudwatch.Dashboard;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'AlarmTopic', {
      displayName: `Model Commons ${props.stage} alarms`,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));

    const requests = props.api.metricCount({ period: FIVE_MINUTES, statistic: 'Sum' });
    const serverErrors = props.api.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' });
    const serverErrorRate = new cloudwatch.MathExpression({
      expression: '100 * errors / MAX([requests, 1])',
      usingMetrics: { errors: serverErrors, requests },
      period: FIVE_MINUTES,
      label: '5xx rate (%)',
    });
    const p99Latency = props.api.metricLatency({ period: FIVE_MINUTES, statistic: 'p99' });
    const business = (name: string) =>
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName: name,
        dimensionsMap: stageDimensions(props.stage),
        period: FIVE_MINUTES,
        statistic: 'Sum',
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
    this.alarm(
      'PayoutWorkerErrors',
      'Payout worker invocations failed',
      props.payoutFunction.metricErrors({ period: FIVE_MINUTES }),
      {
        threshold: 1,
        evaluationPeriods: 1,
      },
    );
    this.alarm(
      'PayoutWorkerThrottles',
      'Payout worker throttled (a run overlapped the previous one)',
      props.payoutFunction.metricThrottles({ period: FIVE_MINUTES }),
      {
        threshold: 1,
        evaluationPeriods: 1,
      },
    );
    this.alarm(
      'PayoutFailures',
      'The payout worker reported failed payouts',
      business(METRIC_NAMES.payoutFailures),
      {
        threshold: 1,
        evaluationPeriods: 1,
      },
    );
    this.alarm(
      'DeadLetters',
      'Payout events or invocations dead-lettered',
      props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: FIVE_MINUTES,
        statistic: 'Maximum',
      }),
      {
        threshold: 1,
        evaluationPeriods: 1,
      },
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
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: 'Payout worker',
            left: [props.payoutFunction.metricErrors(), props.payoutFunction.metricThrottles()],
            right: [props.deadLetterQueue.metricApproximateNumberOfMessagesVisible()],
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
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: 'Payouts',
            left: [business(METRIC_NAMES.payoutsSent), business(METRIC_NAMES.payoutFailures)],
            width: 12,
          }),
        ],
        [new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 })],
      ],
    });
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
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    alarm.addOkAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
