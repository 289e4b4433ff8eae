/**
 * Business metrics as CloudWatch Embedded Metric Format (EMF): one JSON line on stdout per data point,
 * which CloudWatch Logs turns into metrics without any API call or dependency. The infra stack alarms
 * and graphs on exactly these names, namespace and dimensions (it imports them from here).
 */

export const METRICS_NAMESPACE = 'ModelCommons';

/** Metric names shared by the code that emits them and the stack that alarms on them. */
export const METRIC_NAMES = {
  signIns: 'SignIns',
  ordersCreated: 'OrdersCreated',
  settlements: 'Settlements',
  /** The chain indexer: runs, reorgs beyond finality it rewound, sales matching no order, events undone, lag. */
  indexerRuns: 'IndexerRuns',
  indexerReorgs: 'IndexerReorgs',
  indexerOrphanSales: 'IndexerOrphanSales',
  indexerUndone: 'IndexerUndone',
  indexerLagBlocks: 'IndexerLagBlocks',
} as const;

export type MetricName = (typeof METRIC_NAMES)[keyof typeof METRIC_NAMES] | (string & {});
export type MetricUnit = 'Count' | 'Milliseconds' | 'Seconds' | 'Bytes' | 'None';

export interface Metrics {
  /** Records `value` (default 1) of a count metric, e.g. `metrics.count(METRIC_NAMES.signIns)`. */
  count(name: MetricName, value?: number, properties?: Record<string, unknown>): void;
  /** Records one value with an explicit unit. */
  record(name: MetricName, value: number, unit: MetricUnit, properties?: Record<string, unknown>): void;
}

export interface MetricsOptions {
  /** Every point carries these dimensions, e.g. `{ Stage: 'prod' }` — alarms match on exactly this set. */
  dimensions: Record<string, string>;
  namespace?: string;
  /** Where lines go; stdout by default (Lambda sends stdout to CloudWatch Logs). */
  write?: (line: string) => void;
  now?: () => number;
}

/** Creates an EMF writer. Values are passed around like loggers, never module globals. */
export function createMetrics(options: MetricsOptions): Metrics {
  const namespace = options.namespace ?? METRICS_NAMESPACE;
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? Date.now;
  const dimensionKeys = Object.keys(options.dimensions);
  const record: Metrics['record'] = (name, value, unit, properties = {}) => {
    write(
      JSON.stringify({
        ...properties,
        ...options.dimensions,
        _aws: {
          Timestamp: now(),
          CloudWatchMetrics: [
            { Namespace: namespace, Dimensions: [dimensionKeys], Metrics: [{ Name: name, Unit: unit }] },
          ],
        },
        [name]: value,
      }),
    );
  };
  return {
    record,
    count: (name, value = 1, properties) => record(name, value, 'Count', properties),
  };
}

/** A sink that drops everything (tests that do not look at metrics). */
export const noMetrics: Metrics = { count: () => {}, record: () => {} };

/** The dimension set every point carries, and the stack's alarms match on. */
export function stageDimensions(stage: string): Record<string, string> {
  return { Stage: stage };
}
