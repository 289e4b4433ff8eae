/** A real safetensors file, built as the format lays it out: u64 LE header length, JSON header, data. */
export function safetensorsFile(
  tensors: Record<string, { dtype: string; shape: number[]; bytesPerValue: number }>,
  metadata?: Record<string, string>,
): Buffer {
  const header: Record<string, unknown> = metadata ? { __metadata__: metadata } : {};
  let offset = 0;
  for (const [name, { dtype, shape, bytesPerValue }] of Object.entries(tensors)) {
    const length = shape.reduce((product, dimension) => product * dimension, 1) * bytesPerValue;
    header[name] = { dtype, shape, data_offsets: [offset, offset + length] };
    offset += length;
  }
  const json = Buffer.from(JSON.stringify(header));
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([prefix, json, Buffer.alloc(offset, 7)]);
}
