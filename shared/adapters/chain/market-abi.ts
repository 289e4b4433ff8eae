/**
 * The parts of the marketplace contract's ABI the backend calls or reads events of, in ethers'
 * human-readable form (the compiled ABI lives in the build cache, not in the Lambda bundle).
 * test/contracts/market-abi.test.ts checks every fragment against the compiled contract.
 */
const OFFER =
  '(bytes32 modelKey, bytes32 offerId, uint64 revision, address currency, uint256 price, uint64 supplyCap, ' +
  'uint64 licenceDuration, uint64 validUntil, uint16 maxFeeBps, bool transferable, bytes32 termsHash, bytes32 manifestHash)';
const SALE_AUTHORIZATION =
  '(bytes32 orderId, address buyer, bytes32 offerDigest, address referrer, bytes32 manifestHash, uint64 expiry)';
const LICENCE_TERMS =
  '(bytes32 modelKey, bytes32 offerId, bytes32 termsHash, bytes32 manifestHash, uint64 licenceDuration, bool transferable)';
const SALE_CREDITS =
  '(bytes32 offerId, address buyer, address currency, uint256 price, uint256 platformFee, address referrer, ' +
  'uint256 referrerFee, bytes32 splitId, uint256 toSplit, uint64 expiresAt)';

export const MARKET_ABI = [
  // Sales
  `function buy(${OFFER} offer, bytes offerSignature, ${SALE_AUTHORIZATION} auth, bytes authSignature) payable returns (uint256 tokenId)`,
  `function buyWithPermit(${OFFER} offer, bytes offerSignature, ${SALE_AUTHORIZATION} auth, bytes authSignature, (uint256 deadline, uint8 v, bytes32 r, bytes32 s) permit) returns (uint256 tokenId)`,
  `function buyWithAuthorization(${OFFER} offer, bytes offerSignature, ${SALE_AUTHORIZATION} auth, bytes authSignature, (uint256 validAfter, uint256 validBefore, bytes32 nonce, uint8 v, bytes32 r, bytes32 s) transfer) returns (uint256 tokenId)`,
  `function offerDigest(${OFFER} offer) view returns (bytes32)`,
  // Models and splits
  'function createSplit(address[] recipients, uint16[] bps) returns (bytes32 splitId)',
  'function registerModel(address owner_, bytes32 externalId, bytes32 splitId, bytes ownerSignature) returns (bytes32 modelKey)',
  'function setModelSplit(bytes32 modelKey, bytes32 splitId)',
  'function cancelOffer(bytes32 modelKey, bytes32 offerId, uint64 revision)',
  'function models(bytes32 modelKey) view returns (address owner, bytes32 splitId)',
  'function splitOf(bytes32 splitId) view returns (address[] recipients, uint16[] bps)',
  'function offerStates(bytes32 offerKey) view returns (uint64 sold, uint64 minRevision)',
  // Balances
  'function withdrawable(address account, address currency) view returns (uint256)',
  'function undistributed(bytes32 splitId, address currency) view returns (uint256)',
  'function withdraw(address account, address currency) returns (uint256 amount)',
  'function distributeAndWithdraw(bytes32[] splitIds, address account, address currency) returns (uint256)',
  // Licences
  `function licence(uint256 tokenId) view returns (${LICENCE_TERMS} terms, uint64 expiresAt, address holder)`,
  'function ownerOf(uint256 tokenId) view returns (address)',
  'function tokenURI(uint256 tokenId) view returns (string)',
  'function saleSigner() view returns (address)',
  'function feeRecipient() view returns (address)',
  'function referrerRegistered(address referrer) view returns (bool)',
  // Events the indexer follows
  `event Sale(bytes32 indexed orderId, uint256 indexed tokenId, bytes32 indexed modelKey, ${SALE_CREDITS} sale)`,
  'event Transfer(address indexed from, address indexed to, uint256 indexed tokenId)',
  'event ModelRegistered(bytes32 indexed modelKey, address indexed owner, bytes32 externalId, bytes32 splitId)',
  'event ModelSplitChanged(bytes32 indexed modelKey, bytes32 splitId)',
  'event OfferCancelled(bytes32 indexed modelKey, bytes32 indexed offerId, uint64 belowRevision)',
] as const;
