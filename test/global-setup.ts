/**
 * Starts the real local servers once per test run (in-memory data, free ports) and hands their
 * coordinates to the test files through vitest's provide/inject. Teardown stops every child process.
 */
import type { TestProject } from 'vitest/node';
import { startLocalStack } from '#scripts/local-stack/index.js';

export interface ProvidedStack {
  env: Record<string, string>;
  dynamoEndpoint: string;
  s3Endpoint: string;
  rpcUrl: string;
  chainId: number;
  stablecoin: string;
  /** The marketplace contract (scripts/local-stack/market.ts). */
  market: { address: string; deployBlock: number };
  accounts: Array<{ address: string; privateKey: string }>;
  licenceSigner: { address: string; privateKey: string };
  tableName: string;
  bucketName: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    stack: ProvidedStack;
  }
}

export default async function setup(project: TestProject) {
  const stack = await startLocalStack({
    publicOrigin: 'http://localhost:3000',
    tableName: 'model-commons-test',
  });
  const { stop, ...provided } = stack;
  project.provide('stack', provided);
  return async () => {
    await stop();
  };
}
