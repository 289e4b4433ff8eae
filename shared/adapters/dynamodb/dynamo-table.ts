/**
 * A thin wrapper over the DocumentClient bound to one table. Repositories use it so that every call
 * translates SDK errors into domain errors in one place (see errors.ts).
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
import { toDomainError } from './errors.js';

type WithoutTable<T> = Omit<T, 'TableName'>;
type SdkTransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
/** A transaction item whose table is filled in by DynamoTable. */
export type TransactItem = { [K in keyof SdkTransactItem]?: WithoutTable<NonNullable<SdkTransactItem[K]>> };
export type Item = Record<string, unknown>;

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
   * Writes all items or none. Items may omit `TableName`; it is filled in here.
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
