/**
 * The marketplace contract as the creator's side of on-chain sales sees it: `models(modelKey)` and
 * `splitOf(splitId)` read with `eth_call` through the chain gateway (the same JSON-RPC client, timeout
 * and DependencyError mapping as every other chain read), calldata for the owner's transactions, and
 * the owner's offer signature checked the way the contract checks it (ECDSA recovery, else EIP-1271
 * with a gas cap). ethers (ABI coding, EIP-712 hashing) loads on first use, off the cold path.
 */
import type { Interface } from 'ethers';
import { type Address, toChecksumAddress } from '#domain/address.js';
import { DependencyError } from '#domain/errors.js';
import type { Bytes32 } from '#domain/licences/canonical-json.js';
import type { MarketDeployment } from '#domain/market/signed-offer.js';
import type { MarketOffer, TypedDataDocument } from '#domain/market/typed-data.js';
import type {
  MarketBalanceSnapshot,
  MarketBalances,
  MarketCall,
  MarketRegistry,
  OfferSignatureVerifier,
  OnChainModel,
} from '#ports/market-registry.js';
import { type JsonRpcCaller, JsonRpcError } from './json-rpc-client.js';
import { MARKET_ABI } from './market-abi.js';

const EIP1271_MAGIC_VALUE = '0x1626ba7e';
const EIP1271_ABI = ['function isValidSignature(bytes32 hash, bytes signature) view returns (bytes4)'];
const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000';

/** Multicall3, at the same address on nearly every EVM chain (npm start places one there on anvil). */
export const MULTICALL3 = '0xcA11bde05977b3631167028862bE2a173976CA11';
const MULTICALL3_ABI = [
  'function aggregate3((address target, bool allowFailure, bytes callData)[] calls) returns ((bool success, bytes returnData)[] results)',
];

export class EvmMarketRegistry implements MarketRegistry, OfferSignatureVerifier, MarketBalances {
  private interfaces:
    | Promise<{ market: Interface; wallet: Interface; erc20: Interface; multicall: Interface }>
    | undefined;

  constructor(
    private readonly gateway: JsonRpcCaller,
    private readonly eip1271GasCap = 250_000,
  ) {}

  async model(deployment: MarketDeployment, modelKey: Bytes32): Promise<OnChainModel | undefined> {
    const [owner, splitId] = await this.read(deployment, 'models', [modelKey]);
    if (typeof owner !== 'string' || typeof splitId !== 'string') throw malformed(deployment, 'models');
    if (owner === ZERO_ADDRESS) return undefined;
    return { owner: toChecksumAddress(owner), splitId: splitId.toLowerCase() as Bytes32 };
  }

  async splitExists(deployment: MarketDeployment, splitId: Bytes32): Promise<boolean> {
    const [recipients] = await this.read(deployment, 'splitOf', [splitId]);
    if (!Array.isArray(recipients)) throw malformed(deployment, 'splitOf');
    return recipients.length > 0;
  }

  async referrerRegistered(deployment: MarketDeployment, referrer: Address): Promise<boolean> {
    const [registered] = await this.read(deployment, 'referrerRegistered', [referrer]);
    if (typeof registered !== 'boolean') throw malformed(deployment, 'referrerRegistered');
    return registered;
  }

  async balances(
    deployment: MarketDeployment,
    account: Address,
    currencies: readonly Address[],
    splitIds: readonly Bytes32[],
  ): Promise<MarketBalanceSnapshot> {
    const { market, multicall } = await this.abi();
    const reads = [
      ...currencies.map((currency) => ({ key: currency, name: 'withdrawable', args: [account, currency] })),
      ...splitIds.flatMap((splitId) =>
        currencies.map((currency) => ({
          key: `${splitId}:${currency}`,
          name: 'undistributed',
          args: [splitId, currency],
        })),
      ),
    ];
    const calls = reads.map((read) => ({
      target: deployment.market,
      allowFailure: false,
      callData: market.encodeFunctionData(read.name, read.args),
    }));
    const answer = await this.gateway.rpc(deployment.chainId, 'eth_call', [
      { to: MULTICALL3, data: multicall.encodeFunctionData('aggregate3', [calls]) },
      'latest',
    ]);
    let results: Array<{ returnData: string }>;
    try {
      [results] = multicall.decodeFunctionResult('aggregate3', answer as string) as unknown as [
        Array<{ returnData: string }>,
      ];
    } catch (error) {
      throw new DependencyError(`chain:${deployment.chainId}`, 'Multicall3 answered malformed', {
        cause: error,
      });
    }
    const snapshot: MarketBalanceSnapshot = { withdrawable: new Map(), undistributed: new Map() };
    reads.forEach((read, index) => {
      const amount = BigInt(results[index]?.returnData ?? '0x0');
      if (read.name === 'withdrawable') snapshot.withdrawable.set(read.key as Address, amount);
      else snapshot.undistributed.set(read.key, amount);
    });
    return snapshot;
  }

  async permitNonce(chainId: number, token: Address, owner: Address): Promise<bigint> {
    const { erc20 } = await this.abi();
    const answer = await this.gateway.rpc(chainId, 'eth_call', [
      { to: token, data: erc20.encodeFunctionData('nonces', [owner]) },
      'latest',
    ]);
    try {
      return BigInt(erc20.decodeFunctionResult('nonces', answer as string)[0] as bigint);
    } catch (error) {
      throw new DependencyError(`chain:${chainId}`, 'The token answered nonces malformed', { cause: error });
    }
  }

  async licenceHolder(deployment: MarketDeployment, tokenId: bigint): Promise<Address | undefined> {
    let holder: unknown;
    try {
      [holder] = await this.read(deployment, 'ownerOf', [tokenId]);
    } catch (error) {
      // ownerOf reverts for a token that does not exist; an unreachable chain stays a 503.
      if (error instanceof DependencyError && error.cause instanceof JsonRpcError) return undefined;
      throw error;
    }
    if (typeof holder !== 'string') throw malformed(deployment, 'ownerOf');
    return toChecksumAddress(holder.toLowerCase());
  }

  async encodeCall(call: MarketCall): Promise<`0x${string}`> {
    const { market, erc20 } = await this.abi();
    switch (call.function) {
      case 'createSplit':
        return market.encodeFunctionData('createSplit', [call.recipients, call.bps]) as `0x${string}`;
      case 'registerModel':
        return market.encodeFunctionData('registerModel', [
          call.owner,
          call.externalId,
          call.splitId,
          call.ownerSignature,
        ]) as `0x${string}`;
      case 'setModelSplit':
        return market.encodeFunctionData('setModelSplit', [call.modelKey, call.splitId]) as `0x${string}`;
      case 'buy':
        return market.encodeFunctionData('buy', [
          call.offer,
          call.offerSignature,
          call.authorization,
          call.authorizationSignature,
        ]) as `0x${string}`;
      case 'distributeAndWithdraw':
        return market.encodeFunctionData('distributeAndWithdraw', [
          call.splitIds,
          call.account,
          call.currency,
        ]) as `0x${string}`;
      case 'approve':
        return erc20.encodeFunctionData('approve', [call.spender, call.amount]) as `0x${string}`;
    }
  }

  async digest<M>(typedData: TypedDataDocument<M>): Promise<Bytes32> {
    const { TypedDataEncoder } = await import('ethers');
    return TypedDataEncoder.hash(
      typedData.domain,
      mutableTypes(typedData),
      typedData.message as Record<string, unknown>,
    ) as Bytes32;
  }

  async isSignedBy(
    typedData: TypedDataDocument<MarketOffer>,
    signer: Address,
    signature: `0x${string}`,
  ): Promise<boolean> {
    const { verifyTypedData } = await import('ethers');
    let recovered: string | undefined;
    try {
      recovered = verifyTypedData(typedData.domain, mutableTypes(typedData), typedData.message, signature);
    } catch {
      recovered = undefined; // not a 65-byte ECDSA signature: a contract wallet's may be anything
    }
    if (recovered !== undefined && recovered.toLowerCase() === signer.toLowerCase()) return true;
    return this.isValidContractSignature(typedData, signer, signature);
  }

  /** EIP-1271: ask the owner, if it is a contract, whether it accepts the signature for the digest. */
  private async isValidContractSignature(
    typedData: TypedDataDocument<MarketOffer>,
    signer: Address,
    signature: `0x${string}`,
  ): Promise<boolean> {
    const chainId = typedData.domain.chainId;
    const code = await this.gateway.rpc(chainId, 'eth_getCode', [signer, 'latest']);
    if (typeof code !== 'string') throw new DependencyError(`chain:${chainId}`, 'eth_getCode: malformed');
    if (code === '0x') return false;
    const [{ wallet }, digest] = await Promise.all([this.abi(), this.digest(typedData)]);
    const data = wallet.encodeFunctionData('isValidSignature', [digest, signature]);
    let answer: unknown;
    try {
      answer = await this.gateway.rpc(chainId, 'eth_call', [
        { to: signer, data, gas: `0x${this.eip1271GasCap.toString(16)}` },
        'latest',
      ]);
    } catch (error) {
      // The node refused the call (a revert, or out of gas under our cap): the wallet said no. An
      // unreachable chain must still surface as 503, not as a bad signature.
      if (error instanceof DependencyError && error.cause instanceof JsonRpcError) return false;
      throw error;
    }
    return typeof answer === 'string' && answer.toLowerCase().startsWith(EIP1271_MAGIC_VALUE);
  }

  /** One view call to the market, decoded; an empty or undecodable answer is a DependencyError. */
  private async read(deployment: MarketDeployment, name: string, args: unknown[]) {
    const { market } = await this.abi();
    const answer = await this.gateway.rpc(deployment.chainId, 'eth_call', [
      { to: deployment.market, data: market.encodeFunctionData(name, args) },
      'latest',
    ]);
    if (answer === '0x') {
      throw new DependencyError(
        `chain:${deployment.chainId}`,
        `No marketplace contract answers at ${deployment.market}`,
      );
    }
    try {
      return market.decodeFunctionResult(name, answer as string);
    } catch (error) {
      throw new DependencyError(`chain:${deployment.chainId}`, `The market answered ${name} malformed`, {
        cause: error,
      });
    }
  }

  private abi() {
    this.interfaces ??= import('ethers').then(({ Interface }) => ({
      market: new Interface(MARKET_ABI),
      wallet: new Interface(EIP1271_ABI),
      erc20: new Interface([
        'function approve(address spender, uint256 amount) returns (bool)',
        'function nonces(address owner) view returns (uint256)',
      ]),
      multicall: new Interface(MULTICALL3_ABI),
    }));
    return this.interfaces;
  }
}

function malformed(deployment: MarketDeployment, name: string): DependencyError {
  return new DependencyError(`chain:${deployment.chainId}`, `The market answered ${name} malformed`);
}

/** ethers wants mutable field arrays; the domain's types are read-only constants. */
function mutableTypes<M>(typedData: TypedDataDocument<M>) {
  return Object.fromEntries(
    Object.entries(typedData.types).map(([name, fields]) => [name, fields.map((field) => ({ ...field }))]),
  );
}
