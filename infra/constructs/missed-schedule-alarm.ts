/**
 * "This scheduled function has stopped running": an alarm when a function that a schedule invokes
 * every `period` has had no invocation for `missedPeriods` periods in a row. Errors and throttles
 * alarms stay silent when nothing runs at all (a disabled rule, a deleted target, a broken schedule
 * expression); this one does not: missing data counts as breaching.
 *
 * Reusable by any scheduled worker (the chain indexer uses it).
 */
import type { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

export interface MissedScheduleAlarmProps {
  /** The function the schedule invokes. */
  fn: lambda.IFunction;
  /** The schedule's period (must be a whole number of minutes: CloudWatch periods are 60 s multiples). */
  period: Duration;
  /** Consecutive periods without an invocation that raise the alarm (3 tolerates one late or lost run). */
  missedPeriods?: number;
  /** Names the worker in the alarm description. */
  workerName: string;
}

export class MissedScheduleAlarm extends Construct {
  readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: MissedScheduleAlarmProps) {
    super(scope, id);
    const missedPeriods = props.missedPeriods ?? 3;
    const minutes = props.period.toMinutes();
    this.alarm = new cloudwatch.Alarm(this, 'Alarm', {
      alarmDescription: `${props.workerName} has not run for ${missedPeriods} schedule periods (${missedPeriods} × ${minutes} min)`,
      metric: props.fn.metricInvocations({ period: props.period, statistic: 'Sum' }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: missedPeriods,
      datapointsToAlarm: missedPeriods,
      // No invocation at all publishes no datapoint: that silence is exactly what this alarm is for.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
  }
}
