/**
 * Small typed parsers for configuration values. `config.ts` is on every Lambda cold start, so it
 * validates with these few functions instead of a schema library. A parser takes raw input (an
 * environment string, or a value out of parsed JSON) and returns the typed value, or throws a
 * `FieldError` saying what is wrong and where inside nested JSON.
 */
import { type Address, isAddressLike, toChecksumAddress } from './domain/address.js';

/** Turns raw input into a typed value, or throws `FieldError`. */
export type FieldParser<T> = (input: unknown) => T;

/** Parsers by key, as `objectOf` takes them. */
export type FieldShape = Record<string, FieldParser<unknown>>;

/** The object an `objectOf(shape)` parser returns. */
export type ParsedShape<S extends FieldShape> = { [K in keyof S]: ReturnType<S[K]> };

/** A bad value: `reason` says what is wrong; `path` says where, outermost key first. */
export class FieldError extends Error {
  override name = 'FieldError';

  constructor(
    readonly reason: string,
    readonly path: readonly (string | number)[] = [],
  ) {
    super(path.length > 0 ? `${path.join('.')}: ${reason}` : reason);
  }

  /** The same error seen from one level up, where the bad value sits under `key`. */
  under(key: string | number): FieldError {
    return new FieldError(this.reason, [key, ...this.path]);
  }
}

/** Runs `parse` on the value under `key`, so that any error names the key in its path. */
function parseUnder<T>(key: string | number, parse: FieldParser<T>, input: unknown): T {
  try {
    return parse(input);
  } catch (error) {
    throw error instanceof FieldError ? error.under(key) : error;
  }
}

// --- Presence --------------------------------------------------------------------------------------

/** An absent value (unset variable, missing JSON key) is allowed and stays `undefined`. */
export function optional<T>(parse: FieldParser<T>): FieldParser<T | undefined> {
  return (input) => (input === undefined ? undefined : parse(input));
}

/** An absent value takes `fallback`; a present one must still be valid (an empty string is present). */
export function withDefault<T>(parse: FieldParser<T>, fallback: T): FieldParser<T> {
  return (input) => (input === undefined ? fallback : parse(input));
}

/** Values are required unless wrapped in `optional` or `withDefault`: every primitive starts here. */
function present(input: unknown): unknown {
  if (input === undefined) throw new FieldError('required');
  return input;
}

// --- Strings ---------------------------------------------------------------------------------------

/** Any string. */
export const string: FieldParser<string> = (input) => {
  const value = present(input);
  if (typeof value !== 'string') throw new FieldError('must be a string');
  return value;
};

/** A string of `min` to `max` characters (UTF-16 code units, like `String#length`). */
export function text({
  min = 0,
  max = Number.POSITIVE_INFINITY,
}: {
  min?: number;
  max?: number;
}): FieldParser<string> {
  return (input) => {
    const value = string(input);
    if (value.length < min) {
      throw new FieldError(min === 1 ? 'must not be empty' : `must be at least ${min} characters`);
    }
    if (value.length > max) throw new FieldError(`must be at most ${max} characters`);
    return value;
  };
}

/** A string matching `pattern`; `reason` is the message when it does not. */
export function matching(pattern: RegExp, reason: string): FieldParser<string> {
  return (input) => {
    const value = string(input);
    if (!pattern.test(value)) throw new FieldError(reason);
    return value;
  };
}

/** One of a fixed set of strings. */
export function oneOf<const V extends readonly string[]>(values: V): FieldParser<V[number]> {
  return (input) => {
    const value = string(input);
    if (!isOneOf(values, value)) throw new FieldError(`must be one of ${values.join(', ')}`);
    return value;
  };
}

function isOneOf<V extends readonly string[]>(values: V, value: string): value is V[number] {
  return values.includes(value);
}

const TAB_OR_NEWLINE = /[\t\n\r]/g;

/**
 * An http or https URL the WHATWG URL parser accepts, returned trimmed. The parser silently drops
 * tabs and newlines inside a URL, so they are dropped from the returned string too: otherwise the
 * string we use and the URL we checked could name different hosts.
 */
export const url: FieldParser<string> = (input) => {
  const value = string(input).trim();
  if (!URL.canParse(value)) throw new FieldError('must be a URL');
  // Every URL in the config is spoken to (or, for PUBLIC_ORIGIN, served) over HTTP: `mailto:` or
  // `ws:` would parse, then fail later or yield the origin "null".
  if (!/^https?:$/.test(new URL(value).protocol)) throw new FieldError('must be an http or https URL');
  return value.replace(TAB_OR_NEWLINE, '');
};

/** A 20-byte hex address (all-lower, all-upper or valid EIP-55 case), returned checksummed. */
export const address: FieldParser<Address> = (input) => {
  const value = string(input);
  if (!isAddressLike(value)) {
    throw new FieldError('must be a 0x-prefixed 20-byte address with a valid checksum');
  }
  return toChecksumAddress(value);
};

/** The non-empty, trimmed items of a comma-separated list. */
export const csv: FieldParser<string[]> = (input) =>
  string(input)
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

/** A comma-separated list whose items each pass `parse`; errors name the item's index. */
export function csvOf<T>(parse: FieldParser<T>): FieldParser<T[]> {
  return (input) => csv(input).map((item, index) => parseUnder(index, parse, item));
}

const INTEGER_TEXT = /^-?\d+$/;

/**
 * A whole number written in decimal, e.g. an environment variable, from `min` to `max` inclusive.
 * Surrounding spaces are ignored; an empty string, `1e3`, `0x10` or `1.0` are not integers here.
 */
export function integerText(min: number, max: number): FieldParser<number> {
  return (input) => {
    const value = string(input).trim();
    if (!INTEGER_TEXT.test(value)) throw new FieldError(integerReason(min, max));
    return inRange(Number(value), min, max);
  };
}

/** Parses a string as JSON, then checks the result with `parse`. */
export function json<T>(parse: FieldParser<T>): FieldParser<T> {
  return (input) => {
    const source = string(input);
    let parsed: unknown;
    try {
      parsed = JSON.parse(source);
    } catch {
      throw new FieldError('must be valid JSON');
    }
    return parse(parsed);
  };
}

// --- JSON values -----------------------------------------------------------------------------------

/** A JSON number that is a whole number from `min` to `max` inclusive (never a numeric string). */
export function integer(min: number, max: number): FieldParser<number> {
  return (input) => {
    const value = present(input);
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      throw new FieldError(integerReason(min, max));
    }
    return inRange(value, min, max);
  };
}

/** A JSON `true` or `false` (never the string "true"). */
export const boolean: FieldParser<boolean> = (input) => {
  const value = present(input);
  if (typeof value !== 'boolean') throw new FieldError('must be true or false');
  return value;
};

/** An array of at least `min` items, each passing `parse`; errors name the item's index. */
export function arrayOf<T>(parse: FieldParser<T>, { min = 0 }: { min?: number } = {}): FieldParser<T[]> {
  return (input) => {
    const value = present(input);
    if (!Array.isArray(value)) throw new FieldError('must be an array');
    if (value.length < min) {
      throw new FieldError(min === 1 ? 'must not be empty' : `must have at least ${min} items`);
    }
    return value.map((item, index) => parseUnder(index, parse, item));
  };
}

/**
 * An object with the keys of `shape`, each checked by its parser in the order `shape` lists them
 * (so the first error is the first bad key in that order). Keys `shape` does not list are dropped.
 */
export function objectOf<S extends FieldShape>(shape: S): FieldParser<ParsedShape<S>> {
  return (input) => {
    const value = plainObject(input);
    const parsed: Record<string, unknown> = {};
    for (const [key, parse] of Object.entries(shape)) {
      parsed[key] = parseUnder(key, parse, Object.hasOwn(value, key) ? value[key] : undefined);
    }
    return parsed as ParsedShape<S>;
  };
}

/** An object used as a map: every key must pass `key`, every value `parse`. */
export function recordOf<T>(key: FieldParser<string>, parse: FieldParser<T>): FieldParser<Record<string, T>> {
  return (input) =>
    Object.fromEntries(
      Object.entries(plainObject(input)).map(([name, value]) => [
        parseUnder(name, key, name),
        parseUnder(name, parse, value),
      ]),
    );
}

// --- Helpers ---------------------------------------------------------------------------------------

function plainObject(input: unknown): Record<string, unknown> {
  const value = present(input);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FieldError('must be an object');
  }
  return value as Record<string, unknown>;
}

function inRange(value: number, min: number, max: number): number {
  if (value < min || value > max) throw new FieldError(integerReason(min, max));
  return value;
}

function integerReason(min: number, max: number): string {
  return max >= Number.MAX_SAFE_INTEGER
    ? `must be an integer ≥ ${min}`
    : `must be an integer from ${min} to ${max}`;
}
