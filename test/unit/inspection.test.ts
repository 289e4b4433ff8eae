import { describe, expect, it } from 'vitest';
import { inspectableFormat, inspectGguf, inspectSafetensors } from '#domain/catalogue/inspection.js';
import { ggufFile } from '#test/helpers/gguf.js';
import { safetensorsFile } from '#test/helpers/safetensors.js';

const readerOf = (bytes: Buffer) => async (start: number, length: number) =>
  new Uint8Array(bytes.subarray(start, start + length));

describe('inspectSafetensors', () => {
  it('counts tensors, dtypes and parameters, and keeps the metadata', async () => {
    const file = safetensorsFile(
      {
        'model.embed.weight': { dtype: 'BF16', shape: [32, 16], bytesPerValue: 2 },
        'model.layers.0.weight': { dtype: 'BF16', shape: [16, 16], bytesPerValue: 2 },
        'lm_head.bias': { dtype: 'F32', shape: [32], bytesPerValue: 4 },
      },
      { format: 'pt' },
    );
    expect(await inspectSafetensors(file.length, readerOf(file))).toEqual({
      format: 'safetensors',
      tensorCount: 3,
      parameterCount: 32 * 16 + 16 * 16 + 32,
      dtypes: { BF16: 2, F32: 1 },
      metadata: { format: 'pt' },
    });
  });

  it('says why a file is not safetensors: short, huge header, bad JSON, tensors outside or short of the data', async () => {
    const good = safetensorsFile({ w: { dtype: 'F16', shape: [4], bytesPerValue: 2 } });
    const cases: Array<[Buffer, RegExp]> = [
      [Buffer.from('abc'), /shorter than/],
      [Buffer.concat([Buffer.from([0, 0, 0, 0, 0, 0, 0, 0x10]), Buffer.alloc(8)]), /header of/],
      [Buffer.concat([Buffer.from([4, 0, 0, 0, 0, 0, 0, 0]), Buffer.from('{no}')]), /not UTF-8 JSON/],
      [Buffer.concat([good, Buffer.alloc(3)]), /do not end where the file ends/],
      [good.subarray(0, good.length - 1), /outside the data/],
    ];
    for (const [bytes, why] of cases) {
      const result = await inspectSafetensors(bytes.length, readerOf(bytes));
      expect(result, String(why)).toMatchObject({
        format: 'safetensors',
        invalid: expect.stringMatching(why),
      });
    }
  });

  it('inspects .safetensors and .gguf paths only', () => {
    expect(inspectableFormat('weights/model-00001-of-00002.SAFETENSORS')).toBe('safetensors');
    expect(inspectableFormat('tiny.Q4_K_M.gguf')).toBe('gguf');
    expect(inspectableFormat('model.bin')).toBeUndefined();
  });
});

describe('inspectGguf', () => {
  it('reads the architecture, quantisation, context length and parameter count, skipping big arrays', async () => {
    const file = ggufFile({
      metadata: [
        ['general.architecture', 'string', 'llama'],
        ['general.file_type', 'u32', 15],
        ['llama.context_length', 'u32', 4096],
        ['tokenizer.ggml.tokens', 'strings', Array.from({ length: 300_000 }, (_, i) => `tok${i}`)],
      ],
      tensors: [
        { name: 'token_embd.weight', dims: [4096, 32000] },
        { name: 'blk.0.attn_q.weight', dims: [4096, 4096] },
      ],
    });
    expect(await inspectGguf(file.length, readerOf(file))).toEqual({
      format: 'gguf',
      version: 3,
      architecture: 'llama',
      quantization: 'Q4_K_M',
      tensorCount: 2,
      parameterCount: 4096 * 32000 + 4096 * 4096,
      contextLength: 4096,
    });
  });

  it('says why a file is not GGUF', async () => {
    const valid = ggufFile({ metadata: [['general.architecture', 'string', 'llama']], tensors: [] });
    expect(await inspectGguf(4, readerOf(Buffer.from('GGML')))).toMatchObject({ invalid: 'no GGUF magic' });
    const truncated = valid.subarray(0, valid.length - 3);
    expect(await inspectGguf(truncated.length, readerOf(truncated))).toMatchObject({
      format: 'gguf',
      invalid: expect.stringMatching(/past the end/),
    });
  });
});
