/** Where the local stack keeps downloaded tools (.cache/) and persistent data (.data/). */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CACHE_DIR = join(PROJECT_ROOT, '.cache');
export const DATA_DIR = join(PROJECT_ROOT, '.data');
/** What the running `npm start` records for tools (npm run demo): its API URL, anvil URL, chain id. */
export const LOCAL_STACK_FILE = join(DATA_DIR, 'local-stack.json');
