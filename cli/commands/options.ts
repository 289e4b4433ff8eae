/** Parsers for option values: bad values become usage errors (exit 2) before anything runs. */
import { InvalidArgumentError } from 'commander';

export function intOption(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a whole number');
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new InvalidArgumentError('is too large');
  return parsed;
}

export function positiveIntOption(value: string): number {
  const parsed = intOption(value);
  if (parsed < 1) throw new InvalidArgumentError('must be at least 1');
  return parsed;
}

export function listOption(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean),
  ];
}
