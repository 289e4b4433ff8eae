/**
 * Structured JSON logs, one object per line (CloudWatch Logs Insights parses them as fields).
 * Loggers are values passed around, never module globals, so tests can capture or silence them.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type LogFields = Record<string, unknown>;

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (e.g. the request id). */
  child(fields: LogFields): Logger;
}

export function createLogger(
  level: LogLevel,
  base: LogFields = {},
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Logger {
  const emit = (lineLevel: Exclude<LogLevel, 'silent'>, message: string, fields?: LogFields) => {
    if (RANK[lineLevel] < RANK[level]) return;
    write(
      JSON.stringify(
        { level: lineLevel, time: new Date().toISOString(), message, ...base, ...fields },
        jsonSafe,
      ),
    );
  };
  return {
    debug: (message, fields) => emit('debug', message, fields),
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
    child: (fields) => createLogger(level, { ...base, ...fields }, write),
  };
}

/** bigint and Error values survive JSON.stringify. */
function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) return errorFields(value, 0);
  return value;
}

/** How many causes deep an error is written: enough for real chains, and a cycle of causes ends. */
const MAX_CAUSE_DEPTH = 4;

/** An error's fields, with the errors that caused it. */
function errorFields(error: Error, depth: number): Record<string, unknown> {
  const { cause } = error;
  return {
    name: error.name,
    message: error.message,
    stack: error.stack,
    cause:
      cause instanceof Error ? (depth < MAX_CAUSE_DEPTH ? errorFields(cause, depth + 1) : undefined) : cause,
  };
}
