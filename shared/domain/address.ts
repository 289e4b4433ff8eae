/**
 * Ethereum addresses without loading ethers: EIP-55 checksumming needs only keccak-256, and keeping
 * ethers off the hot path keeps Lambda cold starts short (ethers loads only where signatures are checked).
 */
import { keccak_256 } from '@noble/hashes/sha3';
import { utf8ToBytes } from '@noble/hashes/utils';

export type Address = `0x${string}`;

const HEX_ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/**
 * Recently checksummed addresses, by their lower-case hex. Every item read back from the table is
 * validated, and its addresses (owner, split, currency...) repeat from request to request: without
 * this, keccak-256 was over a third of the CPU time of `GET /models/{id}` (bench/p1-overhead.ts).
 * Bounded, so a stream of distinct addresses cannot grow it; the oldest entry goes first.
 */
const recent = new Map<string, Address>();
const RECENT_MAX = 2048;

/** The EIP-55 mixed-case form of a 20-byte hex address. */
export function toChecksumAddress(value: string): Address {
  if (!HEX_ADDRESS.test(value)) throw new TypeError('not a 0x-prefixed 20-byte hex address');
  const lower = value.slice(2).toLowerCase();
  const known = recent.get(lower);
  if (known) return known;
  const checksummed = checksum(lower);
  if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value as string);
  recent.set(lower, checksummed);
  return checksummed;
}

function checksum(lower: string): Address {
  const hash = keccak_256(utf8ToBytes(lower));
  let out = '0x';
  for (let i = 0; i < 40; i++) {
    const char = lower[i] as string;
    const byte = hash[i >> 1] as number;
    const nibble = i % 2 === 0 ? byte >> 4 : byte & 0x0f;
    out += nibble >= 8 ? char.toUpperCase() : char;
  }
  return out as Address;
}

/**
 * True for `0x` + 40 hex digits in any case, checksum unchecked: the shape of an address, before
 * deciding which case forms a field accepts (`isAddressLike`, `isChecksumAddress`).
 */
export function isHexAddress(value: string): boolean {
  return HEX_ADDRESS.test(value);
}

/** True for any 20-byte hex address whose case is all-lower, all-upper, or a correct EIP-55 checksum. */
export function isAddressLike(value: string): boolean {
  if (!HEX_ADDRESS.test(value)) return false;
  const body = value.slice(2);
  if (body === body.toLowerCase() || body === body.toUpperCase()) return true;
  return toChecksumAddress(value) === value;
}

/** True only for the exact EIP-55 checksummed form (what SIWE and our API require). */
export function isChecksumAddress(value: string): value is Address {
  return HEX_ADDRESS.test(value) && toChecksumAddress(value) === value;
}

/** The zero address: nobody holds its key, so whatever is sent, credited or licensed to it is lost. */
export const ZERO_ADDRESS: Address = '0x0000000000000000000000000000000000000000';

/** True for the zero address in any case form (`0x000…000`). */
export function isZeroAddress(value: string): boolean {
  return /^0x0{40}$/.test(value);
}

/**
 * The "person address" rule: an address that names someone (a split recipient, a licence holder, a
 * referrer, an owner) must be well-formed and must not be the zero address. Which case forms a field
 * accepts (EIP-55 only, or any case) is the field's own choice; this is the part every such field shares.
 * Returns why `value` cannot name a person, or undefined when it can.
 */
export function personAddressProblem(value: string, form: 'checksummed' | 'any-case'): string | undefined {
  if (form === 'checksummed' ? !isChecksumAddress(value) : !isAddressLike(value)) {
    return form === 'checksummed'
      ? 'must be an EIP-55 checksummed address'
      : 'must be a 0x-prefixed 20-byte hex address (all lower-case, all upper-case or EIP-55)';
  }
  if (isZeroAddress(value)) return 'must not be the zero address (0x000…000): nobody can receive at it';
  return undefined;
}
