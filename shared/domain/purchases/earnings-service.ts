/** What recipients earned: what the contracts hold for them, their credit history, and a model's sales. */

import type { Address } from '#domain/address.js';
import type { Caller } from '#domain/auth/caller.js';
import { NotFoundError } from '#domain/errors.js';
import type { Bytes32 } from '#domain/licences/canonical-json.js';
import type { MarketDeployment } from '#domain/market/signed-offer.js';
import { marketSplit } from '#domain/market/split-id.js';
import { ZERO_ADDRESS } from '#domain/market/typed-data.js';
import type { MarketBalances, MarketRegistry } from '#ports/market-registry.js';
import type { PurchaseRepository } from '#ports/purchases.js';
import type { CatalogueReader } from './purchase-service.js';

/** The marketplace contracts whose balances a recipient withdraws from, and how to read them. */
export interface MarketEarnings {
  deployments: ReadonlyArray<MarketDeployment & { currencies: ReadonlyArray<'native' | Address> }>;
  reader: MarketBalances & Pick<MarketRegistry, 'encodeCall'>;
}

export class EarningsService {
  constructor(
    private readonly repository: PurchaseRepository,
    private readonly catalogue: CatalogueReader,
    private readonly market: MarketEarnings,
  ) {}

  async earnings(caller: Caller, historyLimit: number) {
    const history = await this.repository.listCreditsByRecipient(caller.address, historyLimit);
    return {
      history,
      onChain: await this.onChain(caller.address, history),
    };
  }

  /**
   * What the marketplace contracts hold for `account`, read in one batched call per chain: the
   * withdrawable balance, and its share of what its splits have earned but not yet distributed (the
   * splits of the models it earned from, as they stand now; within one base unit per split of what
   * `distribute` will credit). `withdraw` is the one transaction that distributes and pays it all out;
   * the account (or anyone on its behalf) sends it.
   */
  private async onChain(
    account: Address,
    history: ReadonlyArray<{ modelId: string; chainId: number; role: string }>,
  ) {
    const out = [];
    for (const deployment of this.market.deployments) {
      const modelIds = [
        ...new Set(
          history
            .filter((credit) => credit.chainId === deployment.chainId && credit.role.includes('split'))
            .map((credit) => credit.modelId),
        ),
      ];
      const shares = new Map<Bytes32, number>();
      for (const modelId of modelIds) {
        const model = await this.catalogue.getModel(modelId);
        if (!model) continue;
        const split = marketSplit(
          model.split.map((share) => ({ address: share.address as Address, bps: share.bps })),
        );
        const index = split.recipients.indexOf(account);
        if (index >= 0) shares.set(split.splitId, split.bps[index] as number);
      }
      const currencies = deployment.currencies.map((currency) =>
        currency === 'native' ? ZERO_ADDRESS : currency,
      );
      const splitIds = [...shares.keys()];
      const snapshot = await this.market.reader.balances(deployment, account, currencies, splitIds);
      for (const [index, currency] of currencies.entries()) {
        const withdrawable = snapshot.withdrawable.get(currency) ?? 0n;
        let awaiting = 0n;
        const pending: Bytes32[] = [];
        for (const [splitId, bps] of shares) {
          const undistributed = snapshot.undistributed.get(`${splitId}:${currency}`) ?? 0n;
          if (undistributed === 0n) continue;
          pending.push(splitId);
          awaiting += (undistributed * BigInt(bps)) / 10_000n;
        }
        const withdraw =
          withdrawable + awaiting > 0n
            ? {
                to: deployment.market,
                data: await this.market.reader.encodeCall({
                  function: 'distributeAndWithdraw',
                  splitIds: pending,
                  account,
                  currency,
                }),
                value: '0',
              }
            : null;
        out.push({
          chainId: deployment.chainId,
          market: deployment.market,
          currency: deployment.currencies[index] as string,
          withdrawable: withdrawable.toString(),
          awaitingDistribution: awaiting.toString(),
          withdraw,
        });
      }
    }
    return out;
  }

  /** A model's sales with their credits: for the owner and the current contributors only. */
  async sales(caller: Caller, modelId: string, limit: number, after?: Record<string, string>) {
    const model = await this.catalogue.getModel(modelId);
    const allowed =
      model &&
      (model.owner === caller.address ||
        model.split.some((recipient) => recipient.address === caller.address));
    if (!allowed) throw new NotFoundError('No such model', { code: 'MODEL_NOT_FOUND' });
    return this.repository.listSalesByModel(modelId, limit, after);
  }
}
