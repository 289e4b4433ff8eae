import { describe, expect, it } from 'vitest';
import { createLogger } from '#shared/logging.js';

function capture() {
  const lines: string[] = [];
  return { logger: createLogger('info', { service: 'test' }, (line) => lines.push(line)), lines };
}

describe('logger', () => {
  it('writes an error with the chain of errors that caused it', () => {
    const { logger, lines } = capture();
    const root = new Error('SESSION_KEYS: could not read secret SESSION_KEYS_SECRET_ARN');
    logger.error('runtime unavailable', { error: new Error('secrets unavailable', { cause: root }) });
    const line = JSON.parse(String(lines[0]));
    expect(line).toMatchObject({
      level: 'error',
      message: 'runtime unavailable',
      service: 'test',
      error: { name: 'Error', message: 'secrets unavailable', cause: { message: root.message } },
    });
    expect(line.error.stack).toContain('secrets unavailable');
  });

  it('ends a cycle of causes after a few levels, and writes bigints as strings', () => {
    const { logger, lines } = capture();
    const first = new Error('first');
    const second = new Error('second', { cause: first });
    first.cause = second;
    logger.warn('cycle', { error: first, amount: 10n ** 30n });
    const line = JSON.parse(String(lines[0]));
    const messages: string[] = [];
    for (let error = line.error; error; error = error.cause) messages.push(error.message);
    expect(messages).toEqual(['first', 'second', 'first', 'second', 'first']);
    expect(line.amount).toBe('1000000000000000000000000000000');
  });
});
