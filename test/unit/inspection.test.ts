import { describe, expect, it } from 'vitest';
import { inspectable, inspectSafetensors } from '#domain/catalogue/inspection.js';
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

  it('inspects .safetensors paths only', () => {
    expect(inspectable('weights/model-00001-of-00002.SAFETENSORS')).toBe(true);
    expect(inspectable('model.bin')).toBe(false);
  });
});
