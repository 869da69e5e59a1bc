/**
 * Where an export's text goes: stdout, or a file written under a temporary name in the same
 * directory and renamed over the target only once the export is complete, so `--output
 * report.csv` is either the whole export or untouched. Text is gathered into ~64 KiB chunks
 * (one write per chunk, not per row or page), and a stream that asks to wait is waited for.
 */
import { constants, createWriteStream } from 'node:fs';
import { access, readdir, rename, stat, unlink } from 'node:fs/promises';
import { isAlive } from '../config/lock.js';
import { basename, dirname, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { SmsctlError } from '../errors.js';
import { t } from '../i18n/index.js';

export const CHUNK_CHARS = 64 * 1024;

export interface ExportSink {
  /** Queues text; the promise (when there is one) resolves once the stream has room again. */
  write(text: string): Promise<void> | undefined;
  /** Writes out what is queued. */
  flush(): Promise<void>;
  /** The export is complete: everything written, the file in place. */
  commit(): Promise<void>;
  /** The export stopped: stdout gets what is queued (it was counted), a temporary file is removed. */
  abort(): Promise<void>;
  /** The reader went away (`| head`): nothing more can be written. */
  readonly gone: boolean;
}

/** Resolves on 'drain', or when the stream fails or closes (the caller then sees `failure` or `gone`). */
function waitForRoom(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('error', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('error', done);
    stream.on('close', done);
  });
}

class BufferedSink implements ExportSink {
  private buffer = '';
  /** A write that failed after it was accepted (a full disk): the next write or the commit throws it. */
  protected failure: unknown;

  constructor(protected readonly stream: Writable) {}

  get gone(): boolean {
    return this.stream.destroyed || this.stream.writableEnded;
  }

  write(text: string): Promise<void> | undefined {
    this.buffer += text;
    return this.buffer.length >= CHUNK_CHARS ? this.push() : undefined;
  }

  private push(): Promise<void> | undefined {
    if (this.failure !== undefined) throw this.failure;
    const chunk = this.buffer;
    this.buffer = '';
    if (chunk === '' || this.gone) return undefined;
    return this.stream.write(chunk) ? undefined : waitForRoom(this.stream);
  }

  async flush(): Promise<void> {
    await this.push();
    if (this.failure !== undefined) throw this.failure;
  }

  async commit(): Promise<void> {
    await this.flush();
  }

  async abort(): Promise<void> {
    await this.flush().catch(() => undefined);
  }
}

/** stdout: its errors (EPIPE: the reader left) are the entry point's to judge; here they end the export. */
export function stdoutSink(stream: Writable): ExportSink {
  return new BufferedSink(stream);
}

class FileSink extends BufferedSink {
  constructor(
    stream: Writable,
    private readonly temp: string,
    private readonly target: string,
    private readonly shown: string,
  ) {
    super(stream);
    stream.on('error', (error) => (this.failure ??= outputError(shown, error)));
  }

  override async commit(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve) => {
      this.stream.once('close', () => resolve());
      this.stream.end();
    });
    if (this.failure === undefined) await rename(this.temp, this.target).catch((error: unknown) => (this.failure = outputError(this.shown, error)));
    if (this.failure !== undefined) {
      await unlink(this.temp).catch(() => undefined);
      throw this.failure;
    }
  }

  override async abort(): Promise<void> {
    await new Promise<void>((resolve) => {
      if (this.stream.closed) return resolve();
      this.stream.once('close', () => resolve());
      this.stream.destroy();
    });
    await unlink(this.temp).catch(() => undefined);
  }
}

function outputError(target: string, error: unknown): SmsctlError {
  const code = (error as NodeJS.ErrnoException)?.code;
  const why =
    code === 'ENOENT'
      ? t('export.why.enoent')
      : code === 'EACCES' || code === 'EPERM'
        ? t('export.why.eacces')
        : code === 'EISDIR'
          ? t('export.why.eisdir')
          : code === 'ENOSPC'
            ? t('export.why.enospc')
            : ((error as Error)?.message ?? String(error));
  return new SmsctlError('usage', t('export.output_error', { file: target, why }), { code: 'OUTPUT_NOT_WRITABLE', cause: error });
}

/** Before anything is asked of the provider: a target that can never be written fails now. */
export async function checkOutput(target: string): Promise<void> {
  const full = resolve(target);
  const isDir = await stat(full).then((s) => s.isDirectory(), () => false);
  if (isDir) throw outputError(target, Object.assign(new Error('directory'), { code: 'EISDIR' }));
  await access(dirname(full), constants.W_OK).catch((error: unknown) => {
    throw outputError(target, error);
  });
}

/** Opened once the first page has answered: a failed first request leaves no file at all. */
export async function fileSink(target: string): Promise<ExportSink> {
  const full = resolve(target);
  await removeDeadParts(full);
  const temp = join(dirname(full), `.${basename(full)}.${process.pid}-${Math.random().toString(36).slice(2, 8)}.part`);
  const stream = createWriteStream(temp, { flags: 'wx', highWaterMark: CHUNK_CHARS });
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (error) => reject(outputError(target, error)));
  });
  return new FileSink(stream, temp, full, target);
}

/**
 * An export killed outright (kill -9, power loss) leaves its `.part` file behind, FILE itself
 * untouched: the next export to the same FILE removes those whose process is gone. A live
 * one (another export to the same FILE right now) is left alone.
 */
async function removeDeadParts(full: string): Promise<void> {
  const prefix = `.${basename(full)}.`;
  const names = await readdir(dirname(full)).catch(() => [] as string[]);
  for (const name of names) {
    const m = name.startsWith(prefix) ? /^(\d+)-[a-z0-9]+\.part$/.exec(name.slice(prefix.length)) : null;
    if (m && !isAlive(Number(m[1]))) await unlink(join(dirname(full), name)).catch(() => undefined);
  }
}
