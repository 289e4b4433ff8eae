/**
 * What the creator's side of on-chain sales needs from a chain's marketplace contract
 * (contracts/ModelCommonsMarket.sol): read a model's registration and whether a split exists, encode
 * the transactions the owner sends, and check the owner's signature of an offer. Implemented over
 * JSON-RPC by EvmMarketRegistry (ethers for the ABI and EIP-712, loaded on first use). A chain that
 * cannot be read is a DependencyError (503), never an answer.
 */
import type { Address } from '#domain/address.js';
import type { Bytes32 } from '#domain/licences/canonical-json.js';
import type { MarketDeployment } from '#domain/market/signed-offer.js';
import type { MarketOffer, MarketSaleAuthorization, TypedDataDocument } from '#domain/market/typed-data.js';

/** A model as the contract has it registered. */
export interface OnChainModel {
  owner: Address;
  splitId: Bytes32;
}

/** One of the owner's transactions to the market, by function. */
export type MarketCall =
  | { function: 'createSplit'; recipients: readonly Address[]; bps: readonly number[] }
  | {
      function: 'registerModel';
      owner: Address;
      externalId: Bytes32;
      splitId: Bytes32;
      /** "0x" when the owner sends the transaction itself. */
      ownerSignature: `0x${string}`;
    }
  | { function: 'setModelSplit'; modelKey: Bytes32; splitId: Bytes32 }
  /** The buyer's purchase (native coin: send the price as value; an ERC-20: approve it first). */
  | {
      function: 'buy';
      offer: MarketOffer;
      offerSignature: string;
      authorization: MarketSaleAuthorization;
      authorizationSignature: string;
    }
  /** A recipient's withdrawal: distributes the splits given, then sends the account its whole balance. */
  | { function: 'distributeAndWithdraw'; splitIds: readonly Bytes32[]; account: Address; currency: Address }
  /** An ERC-20's approve, to the token: lets the market pull exactly the price. */
  | { function: 'approve'; spender: Address; amount: string };

export interface MarketRegistry {
  /** The model registered under `modelKey`, or undefined when it is not registered. */
  model(deployment: MarketDeployment, modelKey: Bytes32): Promise<OnChainModel | undefined>;
  /** Whether `createSplit` has recorded this split. */
  splitExists(deployment: MarketDeployment, splitId: Bytes32): Promise<boolean>;
  /** Whether the market's admin registered `referrer` (a sale naming another reverts). */
  referrerRegistered(deployment: MarketDeployment, referrer: Address): Promise<boolean>;
  /** Who holds licence token `tokenId` now; undefined when it does not exist (never minted, or reorged out). */
  licenceHolder(deployment: MarketDeployment, tokenId: bigint): Promise<Address | undefined>;
  /** An EIP-2612 token's next permit nonce for `owner`. */
  permitNonce(chainId: number, token: Address, owner: Address): Promise<bigint>;
  /** The calldata of one call to the market. */
  encodeCall(call: MarketCall): Promise<`0x${string}`>;
}

/** What the market holds for a recipient, read in one batched call (Multicall3 `aggregate3`). */
export interface MarketBalanceSnapshot {
  /** By currency (the zero address = native): what the account can withdraw now. */
  withdrawable: Map<Address, bigint>;
  /** By `${splitId}:${currency}`: what each split has earned and not yet distributed. */
  undistributed: Map<string, bigint>;
}

export interface MarketBalances {
  balances(
    deployment: MarketDeployment,
    account: Address,
    currencies: readonly Address[],
    splitIds: readonly Bytes32[],
  ): Promise<MarketBalanceSnapshot>;
}

export interface OfferSignatureVerifier {
  /** The EIP-712 digest of typed data (an offer: what the contract's `offerDigest` computes). */
  digest<M>(typedData: TypedDataDocument<M>): Promise<Bytes32>;
  /**
   * Whether `signer` signed the offer, as the contract decides it: ECDSA recovery equal to `signer`,
   * else — when `signer` has code on the chain — its EIP-1271 `isValidSignature(digest, signature)`
   * answering the magic value. A wallet that reverts says no; an unreachable chain is a DependencyError.
   */
  isSignedBy(
    typedData: TypedDataDocument<MarketOffer>,
    signer: Address,
    signature: `0x${string}`,
  ): Promise<boolean>;
}
