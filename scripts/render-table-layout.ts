/**
 * Rewrites the generated table in docs/table-layout.md from the declaration in shared/table-layout.ts
 * (`npx tsx scripts/render-table-layout.ts`). test/unit/table-layout.test.ts fails until it is run
 * after a change to the declaration.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { replaceGeneratedTable } from '#shared/table-layout.js';

const path = fileURLToPath(new URL('../docs/table-layout.md', import.meta.url));
writeFileSync(path, replaceGeneratedTable(readFileSync(path, 'utf8')));
console.log(`updated ${path}`);
