/**
 * A model's revenue split as the marketplace contract stores it: recipients strictly ascending by
 * address, their basis points alongside, identified by the hash of that content
 * (`createSplit`: `splitId = keccak256(abi.encode(address[] recipients, uint16[] bps))`). Computed here
 * with @noble/hashes and a few lines of ABI encoding, so the API can name a split's id without a call
 * to the chain or ethers; test/http/market-offers.test.ts checks it against the deployed contract.
 */
import { keccak_256 } from '@noble/hashes/sha3';
import { bytesToHex } from '@noble/hashes/utils';
import type { Address } from '#domain/address.js';
import type { Bytes32 } from '#domain/licences/canonical-json.js';

/** A split in the contract's order and shape, with its id. */
export interface MarketSplit {
  /** Ascending by address (as numbers: case does not matter). */
  recipients: Address[];
  bps: number[];
  splitId: Bytes32;
}

/**
 * The contract's form of a split: recipients sorted ascending by address, and its content id. The
 * input is a validated split (distinct addresses, bps summing to 10000); the order it comes in does
 * not matter, so the same shares always give the same id.
 */
export function marketSplit(split: ReadonlyArray<{ address: Address; bps: number }>): MarketSplit {
  const sorted = [...split].sort((a, b) => {
    const left = BigInt(a.address);
    const right = BigInt(b.address);
    return left < right ? -1 : left > right ? 1 : 0;
  });
  const recipients = sorted.map((share) => share.address);
  const bps = sorted.map((share) => share.bps);
  return { recipients, bps, splitId: splitIdOf(recipients, bps) };
}

/** `keccak256(abi.encode(recipients, bps))`: two dynamic arrays of static 32-byte words. */
export function splitIdOf(recipients: readonly Address[], bps: readonly number[]): Bytes32 {
  const count = recipients.length;
  // Head: two offsets; then each array: its length and one word per element.
  const words: bigint[] = [64n, BigInt(64 + 32 * (1 + count)), BigInt(count)];
  for (const recipient of recipients) words.push(BigInt(recipient));
  words.push(BigInt(bps.length));
  for (const share of bps) words.push(BigInt(share));
  const encoded = new Uint8Array(words.length * 32);
  words.forEach((word, index) => {
    encoded.set(wordBytes(word), index * 32);
  });
  return `0x${bytesToHex(keccak_256(encoded))}` as Bytes32;
}

function wordBytes(value: bigint): Uint8Array {
  const bytes = new Uint8Array(32);
  let rest = value;
  for (let i = 31; i >= 0 && rest > 0n; i--) {
    bytes[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return bytes;
}
