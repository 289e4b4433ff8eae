/**
 * The ledger model (test/helpers/ledger-model.ts) against DynamoDB Local: fewer, shorter runs than the
 * in-memory one, each on its own random chain id and fresh addresses so runs never share items.
 */
import { randomInt } from 'node:crypto';
import { Wallet } from 'ethers';
import { afterAll, describe, it } from 'vitest';
import { createDynamoClients } from '#adapters/dynamodb/clients.js';
import { DynamoTable } from '#adapters/dynamodb/dynamo-table.js';
import { DynamoLedgerRepository } from '#adapters/dynamodb/ledger-repository.js';
import { LOCAL_STAND_IN_CREDENTIALS } from '#adapters/local-credentials.js';
import type { Address } from '#domain/address.js';
import { runLedgerModel } from '#test/helpers/ledger-model.js';
import { testConfig } from '#test/helpers/stack.js';

const config = testConfig();
const dynamo = createDynamoClients({
  region: config.aws.region,
  endpoint: config.aws.dynamoDbEndpoint,
  credentials: LOCAL_STAND_IN_CREDENTIALS,
});
afterAll(() => dynamo.client.destroy());
const ledger = new DynamoLedgerRepository(new DynamoTable(dynamo.document, config.aws.tableName));
const fresh = () => Wallet.createRandom().address as Address;

describe('ledger model (fast-check commands) on DynamoDB Local', () => {
  it('never loses or invents a base unit: Σ balances + Σ payouts == Σ settled', async () => {
    await runLedgerModel(
      () => {
        const people = [fresh(), fresh(), fresh(), fresh()] as const;
        return {
          ledger,
          chainId: randomInt(1_000_000, 2_000_000_000),
          people,
          outstanding: async () => {
            let sum = 0n;
            for (const person of people) {
              for (const payout of await ledger.payoutsOf(person, 500)) {
                if (payout.status !== 'recredited') sum += payout.amount;
              }
            }
            return sum;
          },
        };
      },
      // The whole range: every amount up to 2^256 − 1 (the default), the one limit offers accept too.
      { numRuns: 8, maxCommands: 20, endOnFailure: true },
    );
  });
});
