/**
 * What a verified file contains, read from its header only (never the weights): shown on the file in
 * the version's manifest and the catalogue.
 * - safetensors: 8 bytes of little-endian header length, then that many bytes of JSON naming each
 *   tensor's dtype, shape and byte range, and an optional `__metadata__` map of strings. The header is
 *   checked against the file: every tensor's bytes must lie inside the data section and the section
 *   must end where the file ends.
 * - GGUF (llama.cpp): magic, version, tensor and key-value counts, typed key-value metadata, then each
 *   tensor's name, dimensions and type; read lazily in 1 MiB chunks up to GGUF_MAX_HEADER_BYTES.
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
    format: z.literal('gguf'),
    version: z.number().int(),
    architecture: z.string().nullable(),
    /** llama.cpp's `general.file_type`: its name where known (Q4_K_M…), else the number. */
    quantization: z.string().nullable(),
    tensorCount: z.number().int(),
    parameterCount: z.number().int(),
    contextLength: z.number().int().nullable(),
  }),
  z.object({
    format: z.enum(['safetensors', 'gguf']),
    /** Why the file is not valid in its format (it was verified by hash, not by format). */
    invalid: z.string(),
  }),
]);
export type Inspection = z.infer<typeof inspectionSchema>;

/** Reads `length` bytes at `start` of the verified file. */
export type ReadRange = (start: number, length: number) => Promise<Uint8Array>;

/** The format a path names, if this module inspects it. */
export function inspectableFormat(path: string): 'safetensors' | 'gguf' | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.safetensors')) return 'safetensors';
  if (lower.endsWith('.gguf')) return 'gguf';
  return undefined;
}

/** Reads what the file at `path` contains, for the formats above; undefined for any other. */
export async function inspect(path: string, size: number, read: ReadRange): Promise<Inspection | undefined> {
  const format = inspectableFormat(path);
  if (format === 'safetensors') return inspectSafetensors(size, read);
  if (format === 'gguf') return inspectGguf(size, read);
  return undefined;
}

/** Metadata beyond this (a huge tokenizer vocabulary) is not read; the file is reported as such. */
export const GGUF_MAX_HEADER_BYTES = 64 * 1024 * 1024;
const GGUF_CHUNK = 1024 * 1024;

/** llama.cpp's `general.file_type` values (LLAMA_FTYPE_*) with a stable name. */
const GGUF_FILE_TYPES: Readonly<Record<number, string>> = {
  0: 'F32',
  1: 'F16',
  2: 'Q4_0',
  3: 'Q4_1',
  7: 'Q8_0',
  8: 'Q5_0',
  9: 'Q5_1',
  10: 'Q2_K',
  11: 'Q3_K_S',
  12: 'Q3_K_M',
  13: 'Q3_K_L',
  14: 'Q4_K_S',
  15: 'Q4_K_M',
  16: 'Q5_K_S',
  17: 'Q5_K_M',
  18: 'Q6_K',
};

class OutOfWindow extends Error {}

/** A forward cursor over the file that fetches 1 MiB chunks as it goes, up to a cap. */
class Cursor {
  private buffer = new Uint8Array();
  private base = 0;
  position = 0;
  constructor(
    private readonly size: number,
    private readonly read: ReadRange,
  ) {}

  private async need(length: number): Promise<DataView> {
    const end = this.position + length;
    if (end > this.size) throw new RangeError('past the end of the file');
    if (end > GGUF_MAX_HEADER_BYTES) throw new OutOfWindow();
    while (end > this.base + this.buffer.length) {
      const start = this.base + this.buffer.length;
      const chunk = await this.read(start, Math.min(GGUF_CHUNK, this.size - start));
      if (chunk.length === 0) throw new RangeError('past the end of the file');
      const kept = this.buffer.subarray(this.position - this.base);
      const next = new Uint8Array(kept.length + chunk.length);
      next.set(kept);
      next.set(chunk, kept.length);
      this.base = this.position;
      this.buffer = next;
    }
    const view = new DataView(
      this.buffer.buffer,
      this.buffer.byteOffset + (this.position - this.base),
      length,
    );
    this.position = end;
    return view;
  }
  async u32() {
    return (await this.need(4)).getUint32(0, true);
  }
  async u64() {
    const value = (await this.need(8)).getBigUint64(0, true);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('a count beyond 2^53');
    return Number(value);
  }
  async bytes(length: number) {
    const view = await this.need(length);
    return new Uint8Array(view.buffer, view.byteOffset, length);
  }
  async string() {
    return new TextDecoder('utf-8', { fatal: true }).decode(await this.bytes(await this.u64()));
  }
}

/** Byte sizes of GGUF's fixed-size value types (8 = string and 9 = array are read apart). */
const GGUF_SCALAR_BYTES: Readonly<Record<number, number>> = {
  0: 1,
  1: 1,
  2: 2,
  3: 2,
  4: 4,
  5: 4,
  6: 4,
  7: 1,
  10: 8,
  11: 8,
  12: 8,
};

async function ggufValue(cursor: Cursor, type: number, depth = 0): Promise<unknown> {
  if (type === 8) return cursor.string();
  if (type === 9) {
    if (depth > 2) throw new RangeError('arrays nested too deep');
    const itemType = await cursor.u32();
    const count = await cursor.u64();
    // Arrays (a tokenizer's vocabulary) are skipped, not kept: only their size matters here.
    for (let index = 0; index < count; index++) await ggufValue(cursor, itemType, depth + 1);
    return undefined;
  }
  const width = GGUF_SCALAR_BYTES[type];
  if (width === undefined) throw new RangeError(`unknown value type ${type}`);
  const view = await cursor.bytes(width);
  const data = new DataView(view.buffer, view.byteOffset, width);
  switch (type) {
    case 4:
      return data.getUint32(0, true);
    case 5:
      return data.getInt32(0, true);
    case 10:
      return Number(data.getBigUint64(0, true));
    case 11:
      return Number(data.getBigInt64(0, true));
    default:
      return undefined;
  }
}

export async function inspectGguf(size: number, read: ReadRange): Promise<Inspection> {
  const invalid = (why: string): Inspection => ({ format: 'gguf', invalid: why });
  const cursor = new Cursor(size, read);
  try {
    const magic = new TextDecoder().decode(await cursor.bytes(4));
    if (magic !== 'GGUF') return invalid('no GGUF magic');
    const version = await cursor.u32();
    if (version < 2 || version > 3) return invalid(`unsupported GGUF version ${version}`);
    const tensorCount = await cursor.u64();
    const kvCount = await cursor.u64();
    const values = new Map<string, unknown>();
    for (let index = 0; index < kvCount; index++) {
      const key = await cursor.string();
      values.set(key, await ggufValue(cursor, await cursor.u32()));
    }
    let parameterCount = 0;
    for (let index = 0; index < tensorCount; index++) {
      await cursor.string();
      const dimensions = await cursor.u32();
      if (dimensions > 8) return invalid('a tensor with more than 8 dimensions');
      let product = 1;
      for (let d = 0; d < dimensions; d++) product *= await cursor.u64();
      await cursor.u32(); // the tensor's type
      await cursor.u64(); // its offset in the data section
      parameterCount += product;
    }
    const architecture =
      typeof values.get('general.architecture') === 'string'
        ? (values.get('general.architecture') as string)
        : null;
    const fileType = values.get('general.file_type');
    const contextLength = architecture ? values.get(`${architecture}.context_length`) : undefined;
    return {
      format: 'gguf',
      version,
      architecture,
      quantization: typeof fileType === 'number' ? (GGUF_FILE_TYPES[fileType] ?? String(fileType)) : null,
      tensorCount,
      parameterCount,
      contextLength: typeof contextLength === 'number' ? contextLength : null,
    };
  } catch (error) {
    if (error instanceof OutOfWindow)
      return invalid(`metadata beyond the first ${GGUF_MAX_HEADER_BYTES} bytes`);
    if (error instanceof RangeError || error instanceof TypeError) return invalid(error.message);
    throw error;
  }
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
