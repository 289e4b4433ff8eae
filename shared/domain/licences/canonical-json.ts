/**
 * Canonical JSON and the hashes built on it (licence terms, file manifests). Two parties who hold the
 * same terms must compute the same hash, whatever their JSON library does with key order or spacing.
 *
 * Canonicalisation (the JSON Canonicalization Scheme, RFC 8785, restricted to what terms contain):
 * - object keys sorted by UTF-16 code units (JavaScript's default string order), recursively;
 * - no whitespace; strings escaped exactly as JSON.stringify does; arrays keep their order;
 * - properties whose value is `undefined` are left out (as JSON.stringify does);
 * - numbers must be finite and are written as JSON.stringify writes them (integers as digits);
 * - bigint, functions, symbols, Dates and other class instances are refused (convert them first:
 *   amounts as decimal strings, times as ISO strings or epoch seconds).
 * Hash: keccak256 over the UTF-8 bytes, as a 0x-prefixed 32-byte hex string (EIP-712 `bytes32`, and
 * what Solidity's `keccak256(bytes(json))` gives).
 */
import { keccak_256 } from '@noble/hashes/sha3';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import { InvalidInputError } from '#domain/errors.js';

export type Bytes32 = `0x${string}`;

/** The canonical JSON text of `value` (see the module comment for the rules). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw notCanonical('non-finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  }
  if (typeof value === 'object') {
    const prototype = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) throw notCanonical('class instance');
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  throw notCanonical(typeof value);
}

/** keccak256(utf8(canonicalJson(value))) as 0x + 64 hex digits. */
export function canonicalHash(value: unknown): Bytes32 {
  return `0x${bytesToHex(keccak_256(utf8ToBytes(canonicalJson(value))))}`;
}

/** The terms hash a licence token carries: `canonicalHash(terms)`. */
export function termsHash(terms: Record<string, unknown>): Bytes32 {
  return canonicalHash(terms);
}

function notCanonical(what: string): InvalidInputError {
  return new InvalidInputError(`Cannot canonicalise a ${what} as JSON`, { code: 'NOT_CANONICAL_JSON' });
}
