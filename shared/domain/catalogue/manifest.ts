/**
 * The file manifest of a version and its hash. The hash is what a licence signs: it pins exactly the
 * bytes a licence covers. Canonical form: JSON with a fixed key order, files sorted by path (UTF-16
 * code-unit order), sizes as integers, SHA-256 as lowercase hex, no whitespace.
 */
import { createHash } from 'node:crypto';

export interface ManifestEntry {
  path: string;
  size: number;
  sha256: string;
  contentType: string;
}

export interface Manifest {
  modelId: string;
  version: string;
  files: ManifestEntry[];
}

/** The canonical bytes that `manifestHash` hashes (documented so anyone can recompute it). */
export function canonicalManifest(manifest: Manifest): string {
  const files = [...manifest.files]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((file) => ({
      path: file.path,
      size: file.size,
      sha256: file.sha256,
      contentType: file.contentType,
    }));
  return JSON.stringify({ modelId: manifest.modelId, version: manifest.version, files });
}

/** `0x`-prefixed SHA-256 of the canonical manifest (bytes32-shaped for EIP-712). */
export function manifestHash(manifest: Manifest): `0x${string}` {
  return `0x${createHash('sha256').update(canonicalManifest(manifest), 'utf8').digest('hex')}`;
}
