// A file read as a stream of lines: chunks of at most 1 MB (never the whole file at once), up to the size it had
// when opened. One splitter, two readers: asynchronous (the editor's thread) and synchronous (a dream's reading,
// which parses each chunk at once anyway and is spared a round trip through the thread pool per call).
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'fs';
import * as path from 'path';
import { StringDecoder } from 'string_decoder';
import { NotRegularFileError, openRegular } from './sessionFiles';

const CHUNK_BYTES = 1 << 20;

export interface LineReading {
  /** Each chunk's bytes, as read (e.g. to hash them); valid only during the call (the buffer is reused). */
  onChunk?: (bytes: Buffer) => void;
  /** Each complete line, decoded, without its `\n`. */
  onLine?: (line: string) => void;
  /** A larger file is refused before anything is read. */
  maxBytes?: number;
}

export interface LinesRead {
  /** The unterminated rest (empty when the file ends with a newline). */
  rest: string;
  /** The bytes read. */
  size: number;
}

/** Chunks in, complete lines out; a character or a line split between chunks is decoded whole. */
class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private rest: string[] = []; // the pieces of a line that spans chunks (joined once, never re-copied per chunk)
  size = 0;
  constructor(private readonly o: LineReading) {}

  push(bytes: Buffer): void {
    this.size += bytes.length;
    this.o.onChunk?.(bytes);
    if (!this.o.onLine) return;
    const text = this.decoder.write(bytes);
    let from = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; from = nl + 1, nl = text.indexOf('\n', from)) {
      this.o.onLine(this.rest.length ? this.rest.join('') + text.slice(from, nl) : text.slice(from, nl));
      this.rest = [];
    }
    if (from < text.length) this.rest.push(text.slice(from));
  }

  end(): LinesRead {
    if (this.o.onLine) this.rest.push(this.decoder.end());
    return { rest: this.rest.join(''), size: this.size };
  }
}

function refuseLarger(file: string, stat: Stats, o: LineReading): void {
  if (o.maxBytes !== undefined && stat.size > o.maxBytes) {
    throw new Error(`${path.basename(file)}: ${Math.round(stat.size / 1048576)} MB, larger than any transcript Lucid writes; not read`);
  }
}

const chunkFor = (size: number) => Math.min(CHUNK_BYTES, Math.max(4096, size));

/** Reads a regular file as a stream of lines (see the top of this file); refuses what is not a regular file. */
export async function readFileLines(file: string, o: LineReading): Promise<LinesRead> {
  const { fh, stat } = await openRegular(file);
  try {
    refuseLarger(file, stat, o);
    const lines = new LineSplitter(o);
    const chunk = chunkFor(stat.size);
    while (lines.size < stat.size) {
      const buf = Buffer.allocUnsafe(Math.min(chunk, stat.size - lines.size));
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break; // truncated meanwhile
      lines.push(buf.subarray(0, bytesRead));
    }
    return lines.end();
  } finally {
    await fh.close();
  }
}

/**
 * `readFileLines`, synchronously. Opened without blocking (O_NONBLOCK: a FIFO that took the file's place since it
 * was looked at is refused, not waited on).
 */
export function readFileLinesSync(file: string, o: LineReading): LinesRead {
  const fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new NotRegularFileError(file, stat);
    refuseLarger(file, stat, o);
    const lines = new LineSplitter(o);
    const buf = Buffer.allocUnsafe(chunkFor(stat.size));
    while (lines.size < stat.size) {
      const bytesRead = readSync(fd, buf, 0, Math.min(buf.length, stat.size - lines.size), null);
      if (bytesRead === 0) break; // truncated meanwhile
      lines.push(buf.subarray(0, bytesRead));
    }
    return lines.end();
  } finally {
    closeSync(fd);
  }
}
