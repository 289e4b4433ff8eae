/**
 * The payout worker: a scheduled function (EventBridge rule) that sends requested payouts from the
 * treasury. One instance at a time (reserved concurrency 1) so two runs never race for the same payout;
 * failed deliveries and failed asynchronous invocations land in a dead-letter queue that is alarmed.
 */
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ServiceFunction, type ServiceFunctionProps } from './service-function.js';

export interface PayoutWorkerProps extends Omit<ServiceFunctionProps, 'description' | 'extra'> {
  scheduleMinutes: number;
}

export class PayoutWorker extends Construct {
  readonly function: ServiceFunction;
  readonly deadLetterQueue: sqs.Queue;
  readonly schedule: events.Rule;

  constructor(scope: Construct, id: string, props: PayoutWorkerProps) {
    super(scope, id);
    const { scheduleMinutes, ...functionProps } = props;
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      enforceSSL: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(14),
    });
    this.function = new ServiceFunction(this, 'Worker', {
      ...functionProps,
      description: 'Model Commons payout worker (scheduled)',
      timeout: props.timeout ?? Duration.minutes(5),
      reservedConcurrentExecutions: 1,
      extra: {
        // The next scheduled run retries; Lambda's own async retries would overlap with it.
        retryAttempts: 0,
        deadLetterQueue: this.deadLetterQueue,
      },
    });
    this.schedule = new events.Rule(this, 'Schedule', {
      description: `Runs the payout worker every ${scheduleMinutes} minutes`,
      schedule: events.Schedule.rate(Duration.minutes(scheduleMinutes)),
      targets: [
        new targets.LambdaFunction(this.function.fn, {
          deadLetterQueue: this.deadLetterQueue,
          retryAttempts: 2,
          maxEventAge: Duration.minutes(scheduleMinutes),
        }),
      ],
    });
  }
}
