/**
 * The payout worker's core: one pass over the payouts that need work. Crash-safe by construction —
 * every step is re-entrant from what the repository holds:
 * - `requested`: sign → RECORD (requested → sent) → broadcast. A crash before the record leaves a
 *   signed transaction that no node ever saw, so signing again on restart is safe (same nonce).
 * - `sent`: look the recorded hash up first; re-broadcast the SAME raw transaction only while no node
 *   knows it and its nonce is still unused — so one payout can never produce two transfers.
 *   Mined in a final block → confirmed (or failed if it reverted); its nonce used, in a final block,
 *   by another transaction → failed. "Final" is the chain's policy (`finality`): the node's
 *   `finalized` block where the chain is configured with useFinalizedTag, else enough confirmations
 *   — the same rule the payment verifier applies to incoming payments. A nonce the node counts as used with no
 *   transaction to show for it is an error, never a failure: re-crediting could pay twice.
 * - `failed`: re-credit the balance (failed → recredited, atomically with the balance).
 * Each payout is handled in its own try/catch: one recipient's failure never blocks the others.
 * Run one worker at a time per treasury (nonces are per account); conditional status writes make a
 * second concurrent worker harmless but noisy.
 */

import { DomainError } from '#domain/errors.js';
import type { Clock } from '#ports/clock.js';
import type { PayoutRepository } from '#ports/ledger.js';
import type { Finality, TreasurySender } from '#ports/treasury.js';
import type { Logger } from '#shared/logging.js';
import type { Payout } from './payout.js';

export interface PayoutWorkerOptions {
  repository: PayoutRepository;
  sender: TreasurySender;
  clock: Clock;
  /** The chains this worker pays on (it holds the treasury's nonces there). */
  chainIds: readonly number[];
  /** When a payout's block counts as final (per chain: ChainConfig's confirmations / useFinalizedTag). */
  finality: (chainId: number) => Finality;
  logger?: Logger | undefined;
  /** Payouts handled per status per run (keeps a run inside a Lambda's time). */
  batchSize?: number;
}

export interface PayoutRunSummary {
  sent: number;
  rebroadcast: number;
  confirmed: number;
  failed: number;
  recredited: number;
  /** Payouts left for a later run because a step threw (logged). */
  errors: number;
}

export class PayoutWorker {
  constructor(private readonly options: PayoutWorkerOptions) {}

  /** One pass: settle what was sent, re-credit failures, then send new requests. */
  async runOnce(): Promise<PayoutRunSummary> {
    const summary: PayoutRunSummary = {
      sent: 0,
      rebroadcast: 0,
      confirmed: 0,
      failed: 0,
      recredited: 0,
      errors: 0,
    };
    const { repository } = this.options;
    const limit = this.options.batchSize ?? 25;

    for (const chainId of this.options.chainIds) {
      try {
        // Sent first: their nonces must be resolved (or re-broadcast) before new ones are signed.
        for (const payout of await repository.listByStatus(chainId, 'sent', limit)) {
          await this.guard(payout, summary, () => this.reconcile(payout, summary));
        }
        for (const payout of await repository.listByStatus(chainId, 'failed', limit)) {
          await this.guard(payout, summary, async () => {
            await repository.recredit(payout.id, this.now());
            summary.recredited++;
          });
        }
        for (const payout of await repository.listByStatus(chainId, 'requested', limit)) {
          await this.guard(payout, summary, () => this.send(payout, summary));
        }
      } catch (error) {
        // One chain's outage (or its repository query failing) never stops the other chains.
        summary.errors++;
        this.options.logger?.warn('payout run failed for a chain', { chainId, error });
      }
    }
    return summary;
  }

  private async send(payout: Payout, summary: PayoutRunSummary): Promise<void> {
    const { sender, repository } = this.options;
    const transfer = await sender.sign({
      chainId: payout.chainId,
      currency: payout.currency,
      to: payout.recipient,
      amount: payout.amount,
    });
    // Durable BEFORE any node sees the transaction.
    await repository.recordSigned(payout.id, transfer, this.now());
    summary.sent++;
    try {
      await sender.broadcast(payout.chainId, transfer.rawTx);
    } catch (error) {
      // Recorded: the next run re-broadcasts the same bytes (or finds the nonce taken → failed).
      this.options.logger?.warn('payout broadcast failed; will retry', { payoutId: payout.id, error });
    }
  }

  private async reconcile(payout: Payout, summary: PayoutRunSummary): Promise<void> {
    const { sender, repository } = this.options;
    const transfer = payout.transfer;
    if (!transfer) throw new Error(`payout ${payout.id} is sent without a recorded transfer`);
    const finality = this.options.finality(payout.chainId);

    const found = await sender.lookup(payout.chainId, transfer.txHash);
    if (found.state === 'mined') {
      if (found.blockNumber > (await sender.finalHeight(payout.chainId, finality))) return;
      if (found.success) {
        await repository.markConfirmed(payout.id, found.blockNumber, this.now());
        summary.confirmed++;
      } else {
        await this.failAndRecredit(payout, 'TRANSFER_REVERTED', summary);
      }
      return;
    }
    if (found.state === 'pending') return;

    // Unknown to the node. Re-crediting pays the recipient a second time if the transfer did land, so
    // it needs proof: the block that used our nonce holds another transaction.
    const use = await sender.nonceUse(payout.chainId, transfer.from, transfer.nonce, finality);
    if (use.state === 'unused') {
      await sender.broadcast(payout.chainId, transfer.rawTx);
      summary.rebroadcast++;
      return;
    }
    if (use.state === 'used' && use.txHash !== transfer.txHash) {
      await this.failAndRecredit(payout, 'NONCE_TAKEN', summary);
      return;
    }
    if (use.state === 'used') {
      // Ours is mined; the node's transaction index has not caught up. A later run confirms it.
      this.options.logger?.warn('payout mined but its receipt is not served yet', {
        payoutId: payout.id,
        blockNumber: use.blockNumber,
      });
      return;
    }
    throw new Error(
      `the node counts nonce ${transfer.nonce} as used, but block ${use.blockNumber} holds no transaction ` +
        'with it; the payout stays sent (never re-credited on such evidence) until the node agrees with itself',
    );
  }

  /** The transfer moved nothing and never will: failed, then the amount goes back to the balance. */
  private async failAndRecredit(
    payout: Payout,
    reason: 'TRANSFER_REVERTED' | 'NONCE_TAKEN',
    summary: PayoutRunSummary,
  ): Promise<void> {
    const { repository } = this.options;
    await repository.markFailed(payout.id, reason, this.now());
    await repository.recredit(payout.id, this.now());
    summary.failed++;
    summary.recredited++;
  }

  private async guard(payout: Payout, summary: PayoutRunSummary, step: () => Promise<void>): Promise<void> {
    try {
      await step();
    } catch (error) {
      summary.errors++;
      this.options.logger?.warn('payout step failed; left for the next run', {
        payoutId: payout.id,
        status: payout.status,
        code: error instanceof DomainError ? error.code : undefined,
        error,
      });
    }
  }

  private now(): string {
    return this.options.clock.now().toISOString();
  }
}
