/** Only registered frontends earn the referrer fee; never the buyer itself or the platform. */
import { describe, expect, it } from 'vitest';
import { type Address, toChecksumAddress } from '#domain/address.js';
import { eligibleReferrer } from '#domain/purchases/referrer.js';

const addr = (n: number): Address => toChecksumAddress(`0x${n.toString(16).padStart(40, '0')}`);
const PLATFORM = addr(0xfee);
const A = addr(0xa);
const B = addr(0xb);

describe('eligibleReferrer', () => {
  const FRONTEND = addr(0xf0);
  const context = { buyer: A, platformRecipient: PLATFORM, registered: [FRONTEND, A, PLATFORM] };
  it('accepts a registered frontend, checksummed', () => {
    expect(eligibleReferrer(FRONTEND.toLowerCase(), context)).toBe(FRONTEND);
  });
  it.each([
    ['missing', undefined],
    ['malformed', '0x1234'],
    ['the zero address', `0x${'0'.repeat(40)}`],
    ['the buyer (self-referral), even registered', A.toLowerCase()],
    ['the platform, even registered', PLATFORM],
  ])('gives no referrer fee to %s', (_name, referrer) => {
    expect(eligibleReferrer(referrer, context)).toBeUndefined();
  });
  it('refuses an address the operator did not register: REFERRER_NOT_REGISTERED', () => {
    expect(() => eligibleReferrer(B, context)).toThrowError(
      expect.objectContaining({ name: 'InvalidInputError', code: 'REFERRER_NOT_REGISTERED' }),
    );
    expect(() => eligibleReferrer(FRONTEND, { ...context, registered: [] })).toThrowError(
      expect.objectContaining({ code: 'REFERRER_NOT_REGISTERED' }),
    );
  });
  it('with no platform fee recipient configured (local stages), still refuses self-referral', () => {
    const local = { buyer: A, registered: [FRONTEND, A] };
    expect(eligibleReferrer(FRONTEND, local)).toBe(FRONTEND);
    expect(eligibleReferrer(A, local)).toBeUndefined();
  });
});
