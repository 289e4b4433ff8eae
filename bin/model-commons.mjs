#!/usr/bin/env node
// The `model-commons` command: loads the TypeScript CLI through tsx (the project runs TS directly).
import { tsImport } from 'tsx/esm/api';

const cli = await tsImport('../cli/main.ts', import.meta.url);
await cli.runFromProcess();
