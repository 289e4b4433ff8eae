/**
 * Transfer progress, three ways: live bars on a terminal (cli-progress, a total bar plus one per file
 * in flight), plain lines when stderr is not a terminal (CI logs: a line at each quarter of a file
 * and each tenth of the total, never a carriage return), or nothing (--quiet).
 */
import cliProgress from 'cli-progress';
import type { Output } from './context.js';

export interface ProgressReporter {
  /** Starts a phase ("hashing", "uploading") over `totalBytes`; `doneBytes` already count. */
  begin(phase: string, totalBytes: number, doneBytes?: number): void;
  /** `doneBytes` of the file are already stored (resume): they count towards the file and the total. */
  fileStart(path: string, size: number, doneBytes?: number): void;
  /** Bytes moved for `path`; negative when a failed attempt is rolled back before a retry. */
  advance(path: string, deltaBytes: number): void;
  fileEnd(path: string): void;
  /** A message that must not be torn by the bars. */
  log(line: string): void;
  end(): void;
}

export type ProgressMode = 'bars' | 'lines' | 'none';

export function chooseProgressMode(
  requested: string | undefined,
  stream: Output,
  quiet: boolean,
): ProgressMode {
  if (quiet || requested === 'none') return 'none';
  if (requested === 'bars' || requested === 'lines') return requested;
  return stream.isTTY ? 'bars' : 'lines';
}

export function createProgress(mode: ProgressMode, stream: Output): ProgressReporter {
  if (mode === 'bars') return new BarProgress(stream);
  if (mode === 'lines') return new LineProgress(stream);
  return new SilentProgress();
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** 1536 → "1.5 KiB". */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}

function percent(done: number, total: number): number {
  return total === 0 ? 100 : Math.floor((done / total) * 100);
}

class SilentProgress implements ProgressReporter {
  begin() {}
  fileStart() {}
  advance() {}
  fileEnd() {}
  log() {}
  end() {}
}

/** Plain lines for logs: milestones only, so a 10 GB upload does not print a million lines. */
class LineProgress implements ProgressReporter {
  private phase = '';
  private total = 0;
  private done = 0;
  private lastTotalStep = -1;
  private readonly files = new Map<string, { size: number; done: number; lastStep: number }>();

  constructor(private readonly stream: Output) {}

  begin(phase: string, totalBytes: number, doneBytes = 0) {
    this.phase = phase;
    this.total = totalBytes;
    this.done = doneBytes;
    this.lastTotalStep = Math.floor(percent(doneBytes, totalBytes) / 10);
    this.write(
      `${phase}: ${formatBytes(totalBytes)}${doneBytes > 0 ? ` (${formatBytes(doneBytes)} already there)` : ''}`,
    );
  }

  fileStart(path: string, size: number, doneBytes = 0) {
    // Bytes already stored (a resumed upload) count towards the total too.
    this.done += doneBytes;
    this.files.set(path, { size, done: doneBytes, lastStep: Math.floor(percent(doneBytes, size) / 25) });
  }

  advance(path: string, deltaBytes: number) {
    this.done += deltaBytes;
    const file = this.files.get(path);
    if (file) {
      file.done += deltaBytes;
      const step = Math.floor(percent(file.done, file.size) / 25);
      if (step > file.lastStep && step < 4) {
        file.lastStep = step;
        this.write(`  ${path} ${step * 25}% (${formatBytes(file.done)}/${formatBytes(file.size)})`);
      }
    }
    const totalStep = Math.floor(percent(this.done, this.total) / 10);
    if (totalStep > this.lastTotalStep && totalStep < 10) {
      this.lastTotalStep = totalStep;
      this.write(`${this.phase} ${totalStep * 10}% (${formatBytes(this.done)}/${formatBytes(this.total)})`);
    }
  }

  fileEnd(path: string) {
    this.files.delete(path);
  }

  log(line: string) {
    this.write(line);
  }

  end() {
    this.write(`${this.phase} 100% (${formatBytes(this.total)})`);
  }

  private write(line: string) {
    this.stream.write(`${line}\n`);
  }
}

/** Live bars: one for the total, one per file in flight (removed when it finishes). */
class BarProgress implements ProgressReporter {
  private multi: cliProgress.MultiBar | undefined;
  private totalBar: cliProgress.SingleBar | undefined;
  private readonly bars = new Map<string, cliProgress.SingleBar>();

  constructor(private readonly stream: Output) {}

  begin(phase: string, totalBytes: number, doneBytes = 0) {
    this.end();
    this.multi = new cliProgress.MultiBar(
      {
        stream: this.stream,
        format: (options, params, payload: { label?: string }) => {
          const width = options.barsize ?? 30;
          const filled = Math.round(params.progress * width);
          const bar = `${'█'.repeat(filled)}${'░'.repeat(Math.max(0, width - filled))}`;
          const label = (payload.label ?? '').padEnd(28).slice(0, 28);
          return `${label} ${bar} ${String(percent(params.value, params.total)).padStart(3)}% ${formatBytes(params.value)}/${formatBytes(params.total)}`;
        },
        hideCursor: true,
        clearOnComplete: false,
        stopOnComplete: false,
        autopadding: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    this.totalBar = this.multi.create(Math.max(totalBytes, 1), doneBytes, { label: `${phase} (total)` });
  }

  fileStart(path: string, size: number, doneBytes = 0) {
    const bar = this.multi?.create(Math.max(size, 1), doneBytes, { label: shorten(path) });
    if (bar) this.bars.set(path, bar);
    if (doneBytes > 0) this.totalBar?.increment(doneBytes);
  }

  advance(path: string, deltaBytes: number) {
    this.bars.get(path)?.increment(deltaBytes);
    this.totalBar?.increment(deltaBytes);
  }

  fileEnd(path: string) {
    const bar = this.bars.get(path);
    if (bar) {
      this.multi?.remove(bar);
      this.bars.delete(path);
    }
  }

  log(line: string) {
    if (this.multi) this.multi.log(`${line}\n`);
    else this.stream.write(`${line}\n`);
  }

  end() {
    this.multi?.stop();
    this.multi = undefined;
    this.totalBar = undefined;
    this.bars.clear();
  }
}

function shorten(path: string): string {
  return path.length <= 28 ? path : `…${path.slice(-27)}`;
}
