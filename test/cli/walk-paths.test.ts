/** The CLI's folder walk applies the API's file-path rule, so a push stops before uploading anything. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { walkFolder } from '#cli/push/walk.js';

function folderWith(...names: string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'mc-walk-'));
  for (const name of names) {
    const parts = name.split('/');
    if (parts.length > 1) mkdirSync(join(root, ...parts.slice(0, -1)), { recursive: true });
    writeFileSync(join(root, ...parts), 'x');
  }
  return root;
}

describe('walkFolder and the file-path rule', () => {
  it.each([
    ['a bidirectional override', 'weights/\u202Egpj.exe', 'weights/<U+202E>gpj.exe', /bidirectional/],
    ['a zero-width space', 'model\u200B.bin', 'model<U+200B>.bin', /invisible/],
    ['a byte-order mark', '\uFEFFmodel.bin', '<U+FEFF>model.bin', /invisible/],
    ['a no-break space', 'my\u00A0model.bin', 'my<U+00A0>model.bin', /invisible/],
    ['a division slash', 'weights\u2215model.bin', 'weights<U+2215>model.bin', /look like "\/"/],
    ['a fullwidth reverse solidus', 'a\uFF3Cb.bin', 'a<U+FF3C>b.bin', /look like "\/"/],
  ])(
    'refuses a file whose name holds %s, naming the file without applying the character',
    async (_, name, shown, reason) => {
      const root = folderWith('config.json', name);
      const error = await walkFolder(root).then(
        () => undefined,
        (caught: unknown) => caught as { message: string; code: string },
      );
      expect(error?.code).toBe('BAD_PATH');
      expect(error?.message).toContain(`cannot upload "${shown}"`);
      expect(error?.message).toMatch(reason);
    },
  );

  it('sends a decomposed (NFD, as macOS stores it) name in NFC and still reads the file', async () => {
    const root = folderWith('caf\u0065\u0301/weights.bin');
    const { files } = await walkFolder(root);
    expect(files.map((file) => file.path)).toEqual(['caf\u00E9/weights.bin']);
    expect(files[0]?.size).toBe(1);
  });

  it('refuses two files whose names differ only in Unicode form', async () => {
    const root = folderWith('caf\u00E9.bin', 'caf\u0065\u0301.bin');
    await expect(walkFolder(root)).rejects.toMatchObject({ code: 'BAD_PATH', message: /Unicode form/ });
  });
});
