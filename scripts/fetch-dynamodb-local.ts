/** `npm run setup:dynamodb`: fetch DynamoDB Local's jar into .cache/ ahead of the first start (optional). */
import { assertJava, ensureDynamoDbLocalJar } from './local-stack/dynamodb-local.js';

assertJava();
console.log(`DynamoDB Local is in ${ensureDynamoDbLocalJar()}`);
