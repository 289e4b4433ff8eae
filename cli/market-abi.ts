/**
 * The marketplace contract's functions the CLI encodes itself, in ethers' human-readable form: the two
 * purchases paid with a signature instead of an allowance (`buy --pay permit|authorization`). Every
 * other transaction the CLI sends comes encoded from the API. The CLI may not import the backend's
 * adapters, so these restate shared/adapters/chain/market-abi.ts word for word;
 * test/cli/chain.test.ts keeps them equal.
 */
const OFFER =
  '(bytes32 modelKey, bytes32 offerId, uint64 revision, address currency, uint256 price, uint64 supplyCap, ' +
  'uint64 licenceDuration, uint64 validUntil, uint16 maxFeeBps, bool transferable, bytes32 termsHash, bytes32 manifestHash)';
const SALE_AUTHORIZATION =
  '(bytes32 orderId, address buyer, bytes32 offerDigest, address referrer, bytes32 manifestHash, uint64 expiry)';

export const MARKET_BUY_WITH_SIGNATURE_ABI = [
  `function buyWithPermit(${OFFER} offer, bytes offerSignature, ${SALE_AUTHORIZATION} auth, bytes authSignature, (uint256 deadline, uint8 v, bytes32 r, bytes32 s) permit) returns (uint256 tokenId)`,
  `function buyWithAuthorization(${OFFER} offer, bytes offerSignature, ${SALE_AUTHORIZATION} auth, bytes authSignature, (uint256 validAfter, uint256 validBefore, bytes32 nonce, uint8 v, bytes32 r, bytes32 s) transfer) returns (uint256 tokenId)`,
] as const;

/** The one ERC-20 call `buy` checks before sending it: an allowance of exactly the price to the market. */
export const ERC20_APPROVE_ABI = ['function approve(address spender, uint256 value) returns (bool)'] as const;
