/**
 * The one limit on amounts, everywhere: an offer's price, an order, a sale, a credit. It is the EVM's
 * (uint256), because every price we accept must also be payable through the marketplace contract and
 * recorded exactly beside it (amounts are stored as decimal strings).
 */

/** uint256's maximum: the largest price, order, sale or credit, in base units. */
export const MAX_AMOUNT = 2n ** 256n - 1n;

/** How the limit reads in messages and API descriptions. */
export const MAX_AMOUNT_DESCRIPTION = 'at most 2^256 − 1 base units (uint256)';

/** Whether `text` is a canonical decimal amount (no sign, no leading zeros) from 0 to MAX_AMOUNT. */
export function isAmountText(text: string): boolean {
  return /^(0|[1-9]\d{0,77})$/.test(text) && BigInt(text) <= MAX_AMOUNT;
}
