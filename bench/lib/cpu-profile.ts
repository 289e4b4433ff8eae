/**
 * Summarises a V8 CPU profile (`node --cpu-prof`): self time per function and per package, as table
 * rows for printTable. Self time is what a frame spent in its own code, not in what it called — the
 * figure that says where to optimise.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** "hono", "@aws-sdk/client-dynamodb", "(project) shared/…", "(node) …" or "(v8)". */
export function ownerOf(url: string): string {
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (module) return module;
  if (url.startsWith('node:')) return '(node)';
  const project =
    /\/work\/[^/]+\/(.+)$/.exec(url)?.[1] ?? /file:\/\/.*?\/((?:functions|shared|bench)\/.+)$/.exec(url)?.[1];
  if (project) return `(project) ${project.split('/').slice(0, 2).join('/')}`;
  return url ? url : '(v8)';
}

function selfTimes(file: string): {
  byNode: Map<number, number>;
  nodes: Map<number, ProfileNode>;
  total: number;
} {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byNode = new Map<number, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const delta = (profile.timeDeltas[index] ?? 0) / 1000;
    byNode.set(id, (byNode.get(id) ?? 0) + delta);
    total += delta;
  });
  return { byNode, nodes: new Map(profile.nodes.map((node) => [node.id, node])), total };
}

/** The `limit` packages with the most self time, as one line: "hono 9.6%, zod 5.9%, …". */
export function topOwners(file: string, limit: number): string {
  const { byNode, nodes, total } = selfTimes(file);
  const byOwner = new Map<string, number>();
  for (const [id, ms] of byNode) {
    const frame = nodes.get(id)?.callFrame;
    if (!frame || frame.functionName === '(idle)') continue;
    const owner = frame.url ? ownerOf(frame.url) : `(${frame.functionName || 'v8'})`;
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + ms);
  }
  return [...byOwner]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([owner, ms]) => `${owner} ${((100 * ms) / total).toFixed(0)}%`)
    .join(', ');
}

/** The top `limit` functions by self time, then the top packages; rows with a header first (2 text columns). */
export function summariseCpuProfile(file: string, limit = 20): string[][] {
  const { byNode, nodes, total } = selfTimes(file);
  const byFunction = new Map<string, { ms: number; owner: string }>();
  const byOwner = new Map<string, number>();
  for (const [id, ms] of byNode) {
    const frame = nodes.get(id)?.callFrame;
    if (!frame) continue;
    const location = frame.url ? `${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber + 1}` : '';
    const key = `${frame.functionName || '(anonymous)'} ${location}`.trim();
    const owner = frame.url ? ownerOf(frame.url) : `(${frame.functionName || 'v8'})`;
    const entry = byFunction.get(key) ?? { ms: 0, owner };
    entry.ms += ms;
    byFunction.set(key, entry);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + ms);
  }
  const percent = (ms: number) => `${((100 * ms) / total).toFixed(1)}%`;
  const rows: string[][] = [['function (location)', 'package', 'self', 'ms']];
  for (const [key, { ms, owner }] of [...byFunction].sort((a, b) => b[1].ms - a[1].ms).slice(0, limit)) {
    rows.push([key.slice(0, 80), owner, percent(ms), ms.toFixed(0)]);
  }
  rows.push(['', '', '', '']);
  rows.push(['package (all its functions)', '', 'self', 'ms']);
  for (const [owner, ms] of [...byOwner].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
    rows.push([owner, '', percent(ms), ms.toFixed(0)]);
  }
  return rows;
}
