/** Which frontend, if any, earns the referrer fee of an order. */
import { type Address, isAddressLike, isZeroAddress, toChecksumAddress } from '#domain/address.js';
import { InvalidInputError } from '#domain/errors.js';

/**
 * The referrer that earns the referrer fee on an order, or undefined. Only a frontend the operator
 * registered (REFERRER_ADDRESSES, and on the contract) may earn it: otherwise any buyer could name a
 * second wallet of his own and take the fee out of the creators' share as a rebate. Among registered
 * ones, the buyer (no self-referral) and the platform's fee recipient earn nothing; neither does a
 * missing, malformed or zero address (request validation refuses those first).
 * @throws InvalidInputError code REFERRER_NOT_REGISTERED for a well-formed address that is not
 *   registered, so a misconfigured frontend learns at once instead of silently earning nothing.
 */
export function eligibleReferrer(
  referrer: string | undefined,
  context: { buyer: Address; platformRecipient?: Address | undefined; registered: readonly Address[] },
): Address | undefined {
  if (!referrer || !isAddressLike(referrer)) return undefined;
  const address = toChecksumAddress(referrer);
  if (isZeroAddress(address)) return undefined;
  if (!context.registered.some((candidate) => toChecksumAddress(candidate) === address)) {
    throw new InvalidInputError(`${address} is not a registered referrer`, {
      code: 'REFERRER_NOT_REGISTERED',
    });
  }
  if (address === toChecksumAddress(context.buyer)) return undefined;
  if (context.platformRecipient && address === toChecksumAddress(context.platformRecipient)) return undefined;
  return address;
}
