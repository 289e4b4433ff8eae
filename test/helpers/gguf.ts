/** A real GGUF (v3) file header, built as llama.cpp lays it out: magic, counts, typed metadata, tensor infos. */
type Entry = [key: string, type: 'string' | 'u32' | 'strings', value: string | number | string[]];

export function ggufFile(spec: {
  metadata: Entry[];
  tensors: Array<{ name: string; dims: number[] }>;
}): Buffer {
  const parts: Buffer[] = [];
  const u32 = (value: number) => {
    const buffer = Buffer.alloc(4);
    buffer.writeUInt32LE(value);
    parts.push(buffer);
  };
  const u64 = (value: number) => {
    const buffer = Buffer.alloc(8);
    buffer.writeBigUInt64LE(BigInt(value));
    parts.push(buffer);
  };
  const string = (value: string) => {
    const bytes = Buffer.from(value, 'utf8');
    u64(bytes.length);
    parts.push(bytes);
  };
  parts.push(Buffer.from('GGUF'));
  u32(3);
  u64(spec.tensors.length);
  u64(spec.metadata.length);
  for (const [key, type, value] of spec.metadata) {
    string(key);
    if (type === 'string') {
      u32(8);
      string(value as string);
    } else if (type === 'u32') {
      u32(4);
      u32(value as number);
    } else {
      u32(9);
      u32(8);
      u64((value as string[]).length);
      for (const item of value as string[]) string(item);
    }
  }
  let offset = 0;
  for (const tensor of spec.tensors) {
    string(tensor.name);
    u32(tensor.dims.length);
    for (const dim of tensor.dims) u64(dim);
    u32(12); // Q4_K
    u64(offset);
    offset += 32;
  }
  return Buffer.concat(parts);
}
