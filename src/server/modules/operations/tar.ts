import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import { finished } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';

/**
 * A small POSIX ustar writer and reader (gzip-compressed), enough for the archives this
 * installation writes: regular files, names up to 255 bytes, any size. No dependency, and every
 * `tar` program reads the result (`tar -tzf`).
 */
export class TarGzWriter {
  private readonly gzip = createGzip({ level: 6 });
  private readonly out;
  private readonly hash = createHash('sha256');
  private bytes = 0;

  constructor(file: string) {
    this.out = createWriteStream(file, { flags: 'wx', mode: 0o600 });
    this.gzip.on('data', (chunk: Buffer) => {
      this.hash.update(chunk);
      this.bytes += chunk.length;
    });
    this.gzip.pipe(this.out);
    const fail = (error: Error) => {
      this.failure ??= error;
    };
    this.gzip.on('error', fail);
    this.out.on('error', fail);
  }

  private failure: Error | undefined;

  private write(chunk: Buffer): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve) => {
      if (this.gzip.write(chunk)) resolve();
      else this.gzip.once('drain', resolve);
    });
  }

  /** Adds a file from memory. */
  async add(name: string, content: Buffer, mtime = new Date()): Promise<void> {
    await this.write(header(name, content.length, mtime));
    await this.write(content);
    await this.write(Buffer.alloc(padding(content.length)));
  }

  /** Adds a file from disk, streamed; returns its SHA-256. */
  async addFile(name: string, source: string): Promise<{ sha256: string; bytes: number }> {
    const stat = await fs.stat(source);
    await this.write(header(name, stat.size, stat.mtime));
    const hash = createHash('sha256');
    let read = 0;
    for await (const chunk of createReadStream(source)) {
      hash.update(chunk as Buffer);
      read += (chunk as Buffer).length;
      await this.write(chunk as Buffer);
    }
    if (read !== stat.size) throw new Error(`${source} changed while it was archived`);
    await this.write(Buffer.alloc(padding(stat.size)));
    return { sha256: hash.digest('hex'), bytes: stat.size };
  }

  /** Writes the end-of-archive blocks and closes the file; returns the archive's size and SHA-256. */
  async close(): Promise<{ bytes: number; sha256: string }> {
    await this.write(Buffer.alloc(1024));
    this.gzip.end();
    await finished(this.out);
    if (this.failure) throw this.failure;
    return { bytes: this.bytes, sha256: this.hash.digest('hex') };
  }
}

function padding(size: number): number {
  return (512 - (size % 512)) % 512;
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function header(name: string, size: number, mtime: Date): Buffer {
  const block = Buffer.alloc(512);
  const nameBytes = Buffer.from(name, 'utf8');
  let prefix = Buffer.alloc(0);
  let short = nameBytes;
  if (nameBytes.length > 100) {
    const cut = name.lastIndexOf('/', 155);
    if (cut <= 0 || Buffer.byteLength(name.slice(cut + 1)) > 100)
      throw new Error(`name too long for ustar: ${name}`);
    prefix = Buffer.from(name.slice(0, cut), 'utf8');
    short = Buffer.from(name.slice(cut + 1), 'utf8');
  }
  short.copy(block, 0);
  block.write(octal(0o644, 8), 100, 'ascii');
  block.write(octal(0, 8), 108, 'ascii');
  block.write(octal(0, 8), 116, 'ascii');
  block.write(octal(size, 12), 124, 'ascii');
  block.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 'ascii');
  block.write('        ', 148, 'ascii');
  block.write('0', 156, 'ascii');
  block.write('ustar\0', 257, 'ascii');
  block.write('00', 263, 'ascii');
  prefix.copy(block, 345);
  let sum = 0;
  for (const b of block) sum += b;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return block;
}

/** Reads every file of a .tar.gz into memory (tests, the restore check and small archives). */
export async function readTarGz(file: string): Promise<Map<string, Buffer>> {
  const chunks: Buffer[] = [];
  for await (const chunk of createReadStream(file).pipe(createGunzip())) chunks.push(chunk as Buffer);
  const data = Buffer.concat(chunks);
  const files = new Map<string, Buffer>();
  let offset = 0;
  while (offset + 512 <= data.length) {
    const block = data.subarray(offset, offset + 512);
    if (block.every((b) => b === 0)) break;
    const field = (start: number, length: number) =>
      block
        .subarray(start, start + length)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    const name = field(0, 100);
    const prefix = field(345, 155);
    const size = Number.parseInt(field(124, 12).trim(), 8);
    const full = prefix ? `${prefix}/${name}` : name;
    files.set(full, data.subarray(offset + 512, offset + 512 + size));
    offset += 512 + size + padding(size);
  }
  return files;
}
