/**
 * A thin wrapper over the DocumentClient bound to one table. Repositories use it so that every call
 * translates SDK errors into domain errors in one place (see errors.ts), and build their transactions
 * from named items (`transact`), so a cancelled one is read back by name (`failedConditions`), never by
 * position.
 */
import {
  DeleteCommand,
  type DeleteCommandInput,
  type DynamoDBDocumentClient,
  GetCommand,
  type GetCommandInput,
  PutCommand,
  type PutCommandInput,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '#domain/errors.js';
import { cancellationCodes, toDomainError } from './errors.js';

type WithoutTable<T> = Omit<T, 'TableName'>;
type SdkTransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
/** A transaction item whose table is filled in by DynamoTable. */
export type TransactItem = { [K in keyof SdkTransactItem]?: WithoutTable<NonNullable<SdkTransactItem[K]>> };
export type Item = Record<string, unknown>;

/**
 * The items of one transaction by name: one item, a group of items sharing a name (the balance
 * credits of a sale), or undefined for an item this transaction leaves out. Names must not look like
 * array indexes: items are sent in the order the names were written.
 */
export type TransactionItems<N extends string = string> = {
  readonly [K in N]: TransactItem | readonly TransactItem[] | undefined;
};

/** The items in the order they are sent, each with its name. */
export function flattenTransaction<N extends string>(
  items: TransactionItems<N>,
): Array<{ name: N; item: TransactItem }> {
  const out: Array<{ name: N; item: TransactItem }> = [];
  for (const [name, value] of Object.entries(items) as Array<[N, TransactionItems<N>[N]]>) {
    if (value === undefined) continue;
    const group: readonly TransactItem[] = Array.isArray(value) ? value : [value as TransactItem];
    for (const item of group) out.push({ name, item });
  }
  return out;
}

/**
 * The names of the items whose condition failed in a cancelled transaction, from the error a
 * `DynamoTable.transact(items)` call threw (a ConflictError, or anything carrying the SDK's
 * cancellation reasons as itself or its `cause`). Empty for any other error. Pass the same `items`.
 */
export function failedConditions<N extends string>(error: unknown, items: TransactionItems<N>): Set<N> {
  const cause = error instanceof ConflictError ? error.cause : error;
  const codes = cancellationCodes(cause);
  const failed = new Set<N>();
  flattenTransaction(items).forEach(({ name }, index) => {
    if (codes[index] === 'ConditionalCheckFailed') failed.add(name);
  });
  return failed;
}

export class DynamoTable {
  constructor(
    readonly document: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  async get(key: Item, options: WithoutTable<Omit<GetCommandInput, 'Key'>> = {}): Promise<Item | undefined> {
    try {
      const result = await this.document.send(
        new GetCommand({ TableName: this.tableName, Key: key, ...options }),
      );
      return result.Item;
    } catch (error) {
      throw toDomainError(error);
    }
  }

  async put(input: WithoutTable<PutCommandInput>, conflictMessage?: string): Promise<void> {
    try {
      await this.document.send(new PutCommand({ TableName: this.tableName, ...input }));
    } catch (error) {
      throw toDomainError(error, conflictMessage);
    }
  }

  async update(input: WithoutTable<UpdateCommandInput>, conflictMessage?: string): Promise<Item | undefined> {
    try {
      const result = await this.document.send(new UpdateCommand({ TableName: this.tableName, ...input }));
      return result.Attributes;
    } catch (error) {
      throw toDomainError(error, conflictMessage);
    }
  }

  async delete(input: WithoutTable<DeleteCommandInput>, conflictMessage?: string): Promise<Item | undefined> {
    try {
      const result = await this.document.send(new DeleteCommand({ TableName: this.tableName, ...input }));
      return result.Attributes;
    } catch (error) {
      throw toDomainError(error, conflictMessage);
    }
  }

  async query(input: WithoutTable<QueryCommandInput>): Promise<{ items: Item[]; lastKey: Item | undefined }> {
    try {
      const result = await this.document.send(new QueryCommand({ TableName: this.tableName, ...input }));
      return { items: result.Items ?? [], lastKey: result.LastEvaluatedKey };
    } catch (error) {
      throw toDomainError(error);
    }
  }

  /**
   * Writes the named items all or none (see `TransactionItems`). A failed condition becomes
   * ConflictError; `failedConditions(error, items)` (errors.ts) names the items whose condition failed.
   */
  async transact<N extends string>(items: TransactionItems<N>, conflictMessage?: string): Promise<void> {
    await this.transactWrite(
      flattenTransaction(items).map(({ item }) => item),
      conflictMessage,
    );
  }

  /**
   * Writes all items or none, by position (repositories use `transact`). Items may omit `TableName`;
   * it is filled in here.
   * A failed condition becomes ConflictError whose details list the per-item reasons.
   */
  async transactWrite(items: TransactItem[], conflictMessage?: string): Promise<void> {
    const withTable = items.map((item) => {
      const out: Record<string, unknown> = {};
      for (const [kind, body] of Object.entries(item)) {
        out[kind] = body ? { TableName: this.tableName, ...body } : body;
      }
      return out as SdkTransactItem;
    });
    try {
      await this.document.send(new TransactWriteCommand({ TransactItems: withTable }));
    } catch (error) {
      throw toDomainError(error, conflictMessage);
    }
  }
}
