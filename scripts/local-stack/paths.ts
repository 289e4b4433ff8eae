/** Where the local stack keeps downloaded tools (.cache/) and persistent data (.data/). */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CACHE_DIR = join(PROJECT_ROOT, '.cache');
export const DATA_DIR = join(PROJECT_ROOT, '.data');
