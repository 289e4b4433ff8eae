/**
 * The chain indexer: a scheduled function (EventBridge rule) that follows the marketplace contracts'
 * events into the table (functions/indexer/handler.ts). Two choices follow from what a run is:
 * - A tick carries nothing, and a run always catches up to the final head, so a tick that could not
 *   run within one period (the previous run still going: reserved concurrency 1) is dropped, not
 *   queued or dead-lettered — the next tick does the same work. Failed runs are not retried by Lambda
 *   either (the next tick is the retry) and show in the errors alarm.
 * - The dead-letter queue takes only what EventBridge could not deliver (a broken target or
 *   permission); it is alarmed (monitoring.ts).
 * Overlapping runs would be safe (every event is applied once, by its claim); one at a time only
 * avoids paying for the same work twice.
 */
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ServiceFunction, type ServiceFunctionProps } from './service-function.js';

export interface ChainIndexerProps extends Omit<ServiceFunctionProps, 'description' | 'extra'> {
  scheduleMinutes: number;
}

export const CHAIN_INDEXER_DESCRIPTION = 'Model Commons chain indexer (scheduled)';

export class ChainIndexer extends Construct {
  readonly function: ServiceFunction;
  readonly deadLetterQueue: sqs.Queue;
  readonly schedule: events.Rule;

  constructor(scope: Construct, id: string, props: ChainIndexerProps) {
    super(scope, id);
    const { scheduleMinutes, ...functionProps } = props;
    const period = Duration.minutes(scheduleMinutes);
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      enforceSSL: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(14),
    });
    this.function = new ServiceFunction(this, 'Worker', {
      ...functionProps,
      description: CHAIN_INDEXER_DESCRIPTION,
      timeout: props.timeout ?? Duration.minutes(5),
      reservedConcurrentExecutions: 1,
      extra: {
        // The next scheduled run retries; Lambda's own async retries would overlap with it.
        retryAttempts: 0,
        // A tick throttled behind a running run is superseded by the next one (see above).
        maxEventAge: period,
      },
    });
    this.schedule = new events.Rule(this, 'Schedule', {
      description:
        scheduleMinutes === 1
          ? 'Runs the chain indexer every minute'
          : `Runs the chain indexer every ${scheduleMinutes} minutes`,
      schedule: events.Schedule.rate(period),
      targets: [
        new targets.LambdaFunction(this.function.fn, {
          deadLetterQueue: this.deadLetterQueue,
          retryAttempts: 2,
          maxEventAge: period,
        }),
      ],
    });
  }
}
