import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

/** Where report files live. Local disk by default; an object store can implement the same four calls. */
export abstract class ReportStorage {
  /** A stream that writes the file `key` (replacing any old one). */
  abstract writer(key: string): Writable;
  /** A stream of the file `key`. */
  abstract reader(key: string): Readable;
  /** The size in bytes of `key`, or null when it does not exist. */
  abstract size(key: string): Promise<number | null>;
  /** Deletes `key` (no error when missing). */
  abstract remove(key: string): Promise<void>;
}

const SAFE_KEY = /^[A-Za-z0-9._-]+$/;

/** Report files under one folder (DATA_DIR/reports by default). */
export class LocalDiskReportStorage extends ReportStorage {
  constructor(private readonly dir: string) {
    super();
    mkdirSync(dir, { recursive: true });
  }

  private path(key: string): string {
    if (!SAFE_KEY.test(key)) throw new Error(`Invalid storage key ${key}`);
    return join(this.dir, key);
  }

  writer(key: string): Writable {
    return createWriteStream(this.path(key), { highWaterMark: 1 << 20 });
  }

  reader(key: string): Readable {
    return createReadStream(this.path(key));
  }

  async size(key: string): Promise<number | null> {
    try {
      return (await stat(this.path(key))).size;
    } catch {
      return null;
    }
  }

  async remove(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}
