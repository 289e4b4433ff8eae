/** Absolute paths the stack bundles from, resolved from this file (not from the working directory). */
import { fileURLToPath } from 'node:url';

const fromRoot = (relative: string) => fileURLToPath(new URL(`../${relative}`, import.meta.url));

export const PROJECT_ROOT = fromRoot('');
export const LOCK_FILE = fromRoot('package-lock.json');
/** ethers' ESM build: every import and require of ethers resolves here (see bundlingOptions). */
export const ETHERS_ESM_ENTRY = fromRoot('node_modules/ethers/lib.esm/index.js');
export const ENTRIES = {
  api: fromRoot('functions/api/handler.ts'),
  indexer: fromRoot('functions/indexer/handler.ts'),
} as const;
