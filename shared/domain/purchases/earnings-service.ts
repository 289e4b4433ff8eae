/** What recipients earned: balances per chain and currency, their credit history, and a model's sales. */

import type { Address } from '#domain/address.js';
import type { Caller } from '#domain/auth/caller.js';
import { NotFoundError } from '#domain/errors.js';
import type { PurchaseRepository } from '#ports/purchases.js';
import type { CatalogueReader } from './purchase-service.js';

export interface BalanceReader {
  balancesOf(recipient: Address): Promise<Array<{ chainId: number; currency: string; balance: bigint }>>;
}

export class EarningsService {
  constructor(
    private readonly repository: PurchaseRepository,
    private readonly balances: BalanceReader,
    private readonly catalogue: CatalogueReader,
  ) {}

  async earnings(caller: Caller, historyLimit: number) {
    const [balances, history] = await Promise.all([
      this.balances.balancesOf(caller.address),
      this.repository.listCreditsByRecipient(caller.address, historyLimit),
    ]);
    return {
      balances: balances.map(({ chainId, currency, balance }) => ({
        chainId,
        currency,
        amount: balance.toString(),
      })),
      history,
    };
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
