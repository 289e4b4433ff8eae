/**
 * What a verified file contains, read from its header only (never the weights): shown on the file in
 * the version's manifest and the catalogue. Today: safetensors — 8 bytes of little-endian header
 * length, then that many bytes of JSON naming each tensor's dtype, shape and byte range, and an
 * optional `__metadata__` map of strings. The header is checked against the file: every tensor's
 * bytes must lie inside the data section and the section must end where the file ends.
 */
import { z } from 'zod';

/** Larger headers are refused unread (the format's own reference loader caps them at 100 MB). */
export const SAFETENSORS_MAX_HEADER_BYTES = 100 * 1024 * 1024;
const MAX_METADATA_ENTRIES = 50;
const MAX_METADATA_VALUE = 256;

export const inspectionSchema = z.union([
  z.object({
    format: z.literal('safetensors'),
    tensorCount: z.number().int(),
    /** Σ over tensors of the product of their shape. */
    parameterCount: z.number().int(),
    /** How many tensors of each dtype. */
    dtypes: z.record(z.string(), z.number().int()),
    metadata: z.record(z.string(), z.string()),
  }),
  z.object({
    format: z.literal('safetensors'),
    /** Why the file is not a valid safetensors file (it was verified by hash, not by format). */
    invalid: z.string(),
  }),
]);
export type Inspection = z.infer<typeof inspectionSchema>;

/** Reads `length` bytes at `start` of the verified file. */
export type ReadRange = (start: number, length: number) => Promise<Uint8Array>;

/** Whether a path names a format this module inspects. */
export function inspectable(path: string): boolean {
  return path.toLowerCase().endsWith('.safetensors');
}

export async function inspectSafetensors(size: number, read: ReadRange): Promise<Inspection> {
  const invalid = (why: string): Inspection => ({ format: 'safetensors', invalid: why });
  if (size < 8) return invalid('shorter than the 8-byte header length');
  const prefix = await read(0, 8);
  const headerBytes = Number(new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true));
  if (headerBytes > SAFETENSORS_MAX_HEADER_BYTES) return invalid(`header of ${headerBytes} bytes`);
  if (8 + headerBytes > size) return invalid('header longer than the file');
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(await read(8, headerBytes)));
  } catch {
    return invalid('header is not UTF-8 JSON');
  }
  if (!header || typeof header !== 'object' || Array.isArray(header))
    return invalid('header is not an object');
  const dataBytes = size - 8 - headerBytes;
  const dtypes: Record<string, number> = {};
  let tensorCount = 0;
  let parameterCount = 0;
  let end = 0;
  let metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      metadata = boundedMetadata(value);
      continue;
    }
    const tensor = value as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const { dtype, shape, data_offsets: offsets } = tensor ?? {};
    if (
      typeof dtype !== 'string' ||
      !Array.isArray(shape) ||
      !shape.every((dimension) => Number.isSafeInteger(dimension) && dimension >= 0) ||
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every((offset) => Number.isSafeInteger(offset) && offset >= 0) ||
      offsets[0] > offsets[1] ||
      offsets[1] > dataBytes
    ) {
      return invalid(`tensor ${JSON.stringify(name.slice(0, 64))} is malformed or outside the data`);
    }
    tensorCount++;
    dtypes[dtype] = (dtypes[dtype] ?? 0) + 1;
    parameterCount += (shape as number[]).reduce((product, dimension) => product * dimension, 1);
    end = Math.max(end, offsets[1] as number);
  }
  if (end !== dataBytes) return invalid('the tensors do not end where the file ends');
  return { format: 'safetensors', tensorCount, parameterCount, dtypes, metadata };
}

function boundedMetadata(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => typeof entry === 'string')
      .slice(0, MAX_METADATA_ENTRIES)
      .map(([key, entry]) => [key.slice(0, 128), (entry as string).slice(0, MAX_METADATA_VALUE)]),
  );
}
