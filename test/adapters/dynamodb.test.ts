import { afterAll, describe, expect, it } from 'vitest';
import { ConflictError } from '#domain/errors.js';
import { testApp, uniqueId } from '#test/helpers/stack.js';

const { infra, close } = testApp();
afterAll(close);

describe('DynamoTable on DynamoDB Local', () => {
  it('applies nothing when one condition of a transaction fails', async () => {
    const id = uniqueId('tx');
    await infra.table.put({ Item: { pk: `${id}#A`, sk: 'X', entity: 'test', value: 1 } });

    const attempt = infra.table.transactWrite([
      { Put: { Item: { pk: `${id}#B`, sk: 'X', entity: 'test', value: 2 } } },
      {
        Update: {
          Key: { pk: `${id}#A`, sk: 'X' },
          UpdateExpression: 'SET #v = :new',
          ConditionExpression: '#v = :expected',
          ExpressionAttributeNames: { '#v': 'value' },
          ExpressionAttributeValues: { ':new': 99, ':expected': 42 },
        },
      },
    ]);

    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    await expect(attempt).rejects.toMatchObject({ details: { reasons: ['None', 'ConditionalCheckFailed'] } });
    expect(await infra.table.get({ pk: `${id}#B`, sk: 'X' })).toBeUndefined();
    expect(await infra.table.get({ pk: `${id}#A`, sk: 'X' })).toMatchObject({ value: 1 });
  });

  it('applies every item when all conditions hold', async () => {
    const id = uniqueId('tx');
    await infra.table.transactWrite([
      {
        Put: { Item: { pk: `${id}#A`, sk: 'X', value: 1 }, ConditionExpression: 'attribute_not_exists(pk)' },
      },
      {
        Put: { Item: { pk: `${id}#B`, sk: 'X', value: 2 }, ConditionExpression: 'attribute_not_exists(pk)' },
      },
    ]);
    expect(await infra.table.get({ pk: `${id}#B`, sk: 'X' })).toMatchObject({ value: 2 });
  });

  it('turns a failed single-item condition into ConflictError with the caller message', async () => {
    const id = uniqueId('put');
    await infra.table.put({ Item: { pk: id, sk: 'X' }, ConditionExpression: 'attribute_not_exists(pk)' });
    await expect(
      infra.table.put(
        { Item: { pk: id, sk: 'X' }, ConditionExpression: 'attribute_not_exists(pk)' },
        'already there',
      ),
    ).rejects.toMatchObject({ name: 'ConflictError', code: 'CONFLICT', message: 'already there' });
  });
});
