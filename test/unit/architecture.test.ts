/**
 * The import rules of docs/architecture.md, checked on the source: which layer may import which, no
 * relative import that climbs out of its folder (`../`), and no import cycle among production modules.
 * Reads import specifiers with a regular expression: the code base writes every import on `from '…'`
 * or `import('…')`, which this test also relies on (a missed form would show as a module with no edges,
 * never as a false pass of the cycle check, since the rules test counts the imports it saw).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const PRODUCTION = ['shared', 'functions', 'infra', 'cli'];
const ALIASES = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).imports as Record<
  string,
  string
>;

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .map((file) => join(folder, file));
}

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|^import\s+)'([^']+)'/gm;

interface Import {
  specifier: string;
  /** The imported file relative to the root (`shared/domain/ids.ts`), or undefined for a package. */
  target: string | undefined;
}

function importsOf(file: string): Import[] {
  // Type-only imports are erased before run time: they cannot make a loading cycle.
  const source = readFileSync(join(ROOT, file), 'utf8').replace(/^import type [^;]*;/gm, '');
  return [...source.matchAll(IMPORT)].map(([, specifier = '']) => ({
    specifier,
    target: resolveSpecifier(file, specifier),
  }));
}

function resolveSpecifier(file: string, specifier: string): string | undefined {
  let path: string | undefined;
  if (specifier.startsWith('.')) path = relative(ROOT, resolve(ROOT, dirname(file), specifier));
  for (const [alias, target] of Object.entries(ALIASES)) {
    const prefix = alias.replace('*', '');
    if (specifier.startsWith(prefix)) path = join(target.replace('*', ''), specifier.slice(prefix.length));
  }
  return path?.replace(/\.js$/, '.ts');
}

/** Rules: files under `from` never import a module whose path starts with any of `forbidden`. */
const RULES: { from: string; forbidden: string[]; why: string }[] = [
  {
    from: 'shared/domain/',
    forbidden: ['shared/adapters/', 'shared/config.ts', 'functions/', 'infra/', 'cli/', '@aws-sdk/', 'hono'],
    why: 'the domain knows nothing of storage, HTTP, configuration or entry points',
  },
  {
    from: 'shared/ports/',
    forbidden: ['shared/adapters/', 'shared/config.ts', 'functions/', 'infra/', 'cli/', '@aws-sdk/', 'hono'],
    why: 'a port is an interface in domain terms',
  },
  {
    from: 'shared/',
    forbidden: ['functions/', 'infra/', 'cli/', 'scripts/', 'bench/', 'test/'],
    why: 'shared code never reaches up into an entry point, the infrastructure or tools',
  },
  {
    from: 'functions/api/routes/',
    forbidden: ['shared/adapters/', 'functions/runtime/', '@aws-sdk/'],
    why: 'a route calls a domain service, never an SDK or an adapter',
  },
  {
    from: 'infra/',
    forbidden: ['shared/adapters/', 'functions/', 'cli/'],
    why: 'the stack shares only constants (shared/deployment-contract.ts, shared/table-layout.ts) with the code',
  },
  {
    from: 'cli/',
    forbidden: ['shared/adapters/', 'functions/', 'infra/', '@aws-sdk/'],
    why: 'the CLI speaks to the API over HTTP only',
  },
];

const files = PRODUCTION.flatMap(sourceFiles);
const graph = new Map(files.map((file) => [file, importsOf(file)]));

describe('architecture', () => {
  it('reads the imports of every production module', () => {
    expect(files.length).toBeGreaterThan(100);
    const edges = [...graph.values()].reduce((sum, list) => sum + list.length, 0);
    expect(edges).toBeGreaterThan(files.length);
  });

  it('keeps every layer to what it may import', () => {
    const violations: string[] = [];
    for (const [file, imports] of graph) {
      for (const rule of RULES.filter((candidate) => file.startsWith(candidate.from))) {
        for (const { specifier, target } of imports) {
          const reached = target ?? specifier;
          if (rule.forbidden.some((prefix) => reached.startsWith(prefix))) {
            violations.push(`${file} imports ${specifier} (${rule.why})`);
          }
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('never climbs with a relative import: a subpath import (#domain/…) names the layer', () => {
    const climbing = [...graph].flatMap(([file, imports]) =>
      imports
        .filter(({ specifier }) => specifier.startsWith('../'))
        .map(({ specifier }) => `${file}: ${specifier}`),
    );
    expect(climbing).toEqual([]);
  });

  it('has no import cycle among production modules', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') {
        cycles.push([...path.slice(path.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'visiting');
      for (const { target } of graph.get(file) ?? []) {
        if (target && graph.has(target)) visit(target, [...path, file]);
      }
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
