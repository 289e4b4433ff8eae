/** Pieces of the CLI that need no server: folder walking, progress lines, retries, exit codes. */
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError } from '#cli/client/api-client.js';
import { defaultConfigDir } from '#cli/credentials.js';
import { describeFailure, EXIT } from '#cli/exit-codes.js';
import { createProgress, formatBytes } from '#cli/progress.js';
import { TransferError, withRetry } from '#cli/push/retry.js';
import { walkFolder } from '#cli/push/walk.js';
import { Captured } from './harness.js';

describe('walkFolder', () => {
  it('respects the ignore file and defaults, skips symbolic links, and sorts paths', async () => {
    const root = await mkdtemp(join(tmpdir(), 'mc-walk-'));
    await mkdir(join(root, 'checkpoints'));
    await mkdir(join(root, '.git'));
    await mkdir(join(root, 'src'));
    await writeFile(join(root, '.git', 'HEAD'), 'ref');
    await writeFile(join(root, 'checkpoints', 'step-1.pt'), 'x');
    await writeFile(join(root, 'src', 'b.py'), 'x');
    await writeFile(join(root, 'a.safetensors'), 'x');
    await writeFile(join(root, 'debug.log'), 'x');
    await writeFile(join(root, '.modelcommonsignore'), 'checkpoints/\n*.log\n');
    await symlink('/etc/passwd', join(root, 'passwd'));

    const walked = await walkFolder(root);
    expect(walked.files.map((file) => file.path)).toEqual(['a.safetensors', 'src/b.py']);
    expect(walked.files[1]?.contentType).toBe('text/x-python');
    expect(walked.skippedLinks).toEqual(['passwd']);

    const excluded = await walkFolder(root, { exclude: ['src/'] });
    expect(excluded.files.map((file) => file.path)).toEqual(['a.safetensors']);
  });
});

describe('line progress', () => {
  it('prints milestones only, without carriage returns', () => {
    const out = new Captured();
    const progress = createProgress('lines', out);
    progress.begin('uploading', 1000);
    progress.fileStart('w.bin', 1000);
    for (let i = 0; i < 100; i++) progress.advance('w.bin', 10);
    progress.fileEnd('w.bin');
    progress.end();
    const lines = out.text.trim().split('\n');
    expect(lines[0]).toBe('uploading: 1000 B');
    expect(lines).toContain('  w.bin 50% (500 B/1000 B)');
    expect(lines).toContain('uploading 90% (900 B/1000 B)');
    expect(lines.at(-1)).toBe('uploading 100% (1000 B)');
    expect(lines.length).toBeLessThan(20);
    expect(out.text).not.toContain('\r');
  });

  it('formats sizes in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(5 * 1024 ** 3)).toBe('5.0 GiB');
  });
});

describe('withRetry', () => {
  const fast = { attempts: 4, baseDelayMs: 1, maxDelayMs: 2 };

  it('retries network failures and 5xx, then succeeds', async () => {
    let calls = 0;
    const value = await withRetry(
      async () => {
        calls++;
        if (calls === 1) throw new TransferError('reset', 0);
        if (calls === 2) throw new TransferError('busy', 503);
        return 'ok';
      },
      { policy: fast },
    );
    expect(value).toBe('ok');
    expect(calls).toBe(3);
  });

  it('does not retry a 4xx that a retry cannot fix', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new ApiError(409, 'VERSION_PUBLISHED', 'immutable');
        },
        { policy: fast },
      ),
    ).rejects.toThrow('immutable');
    expect(calls).toBe(1);
  });

  it('gives up after the configured attempts', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new TransferError('down', 500);
        },
        { policy: fast },
      ),
    ).rejects.toThrow('down');
    expect(calls).toBe(4);
  });
});

describe('exit codes', () => {
  it('maps API statuses to distinct exit codes', () => {
    const code = (status: number) => describeFailure(new ApiError(status, 'X', 'm')).exitCode;
    expect([
      code(401),
      code(403),
      code(404),
      code(409),
      code(412),
      code(422),
      code(429),
      code(503),
      code(0),
    ]).toEqual([
      EXIT.AUTH,
      EXIT.AUTH,
      EXIT.NOT_FOUND,
      EXIT.CONFLICT,
      EXIT.CONFLICT,
      EXIT.REJECTED,
      EXIT.UNAVAILABLE,
      EXIT.UNAVAILABLE,
      EXIT.UNAVAILABLE,
    ]);
  });
});

describe('defaultConfigDir', () => {
  it('follows MODEL_COMMONS_CONFIG_DIR, then XDG, then APPDATA on Windows, then ~/.config', () => {
    expect(defaultConfigDir({ MODEL_COMMONS_CONFIG_DIR: '/x' })).toBe('/x');
    expect(defaultConfigDir({ XDG_CONFIG_HOME: '/xdg' })).toBe('/xdg/model-commons');
    expect(defaultConfigDir({ APPDATA: 'C:/Users/a/AppData' }, 'win32')).toBe(
      join('C:/Users/a/AppData', 'model-commons'),
    );
    expect(defaultConfigDir({ HOME: '/home/a' }, 'linux')).toBe('/home/a/.config/model-commons');
  });
});

describe('line progress on resume', () => {
  it('counts bytes already stored towards the total', () => {
    const out = new Captured();
    const progress = createProgress('lines', out);
    progress.begin('uploading', 1000);
    progress.fileStart('w.bin', 1000, 600);
    progress.advance('w.bin', 100);
    expect(out.text).toContain('uploading 70% (700 B/1000 B)');
    expect(out.text).not.toContain('uploading 10%');
  });
});
