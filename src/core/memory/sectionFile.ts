// A cache file read in part: a JSON header and named sections of bytes (u32 arrays, or texts with the offsets of
// their pieces), so that a reader decodes only what it needs (the search index and the session-start snapshot of
// 10,000 notes are megabytes; a session start reads a few kilobytes of them).
//
// Layout: 8 magic bytes, the header's byte length (u32 LE), the header (JSON: the caller's fields and `sections`),
// then each section at an offset that is a multiple of 8. Numbers (u32, f64) are in this machine's byte order: these files
// live in `.cache`, never leave the machine, and are checked for consistency when read.

export type Section = Uint32Array | Float64Array | { pieces: readonly string[] };
type Kind = 'u32' | 'f64' | 'text';

/** A text section: its pieces' bytes, and where each starts (one more entry: the end). */
export interface TextSection {
  count: number;
  piece(i: number): string;
  /** Every piece (splitting once is cheaper than `count` decodes). */
  all(): string[];
}

export interface SectionFile<H> {
  header: H;
  u32(name: string): Uint32Array;
  f64(name: string): Float64Array;
  text(name: string): TextSection;
}

interface Stored {
  sections: Record<string, [number, number, Kind]>;
}

export function encodeSections(magic: string, header: object, sections: Record<string, Section>): Buffer {
  const parts: Array<[string, Buffer, Kind]> = [];
  for (const [name, s] of Object.entries(sections)) {
    if (s instanceof Uint32Array) parts.push([name, Buffer.from(s.buffer, s.byteOffset, s.byteLength), 'u32']);
    else if (s instanceof Float64Array) parts.push([name, Buffer.from(s.buffer, s.byteOffset, s.byteLength), 'f64']);
    else {
      const bytes = s.pieces.map((p) => Buffer.from(p));
      const starts = new Uint32Array(bytes.length + 1);
      bytes.forEach((b, i) => (starts[i + 1] = starts[i] + b.length));
      parts.push([`${name}#`, Buffer.from(starts.buffer), 'u32'], [name, Buffer.concat(bytes), 'text']);
    }
  }
  const offsets: Stored['sections'] = {};
  let end = 0;
  for (const [name, b, kind] of parts) {
    offsets[name] = [end, b.length, kind];
    end = align(end + b.length, 8);
  }
  const text = JSON.stringify({ ...header, sections: offsets });
  const start = align(12 + Buffer.byteLength(text), 8);
  const out = Buffer.alloc(start + end);
  out.write(magic, 0, 'latin1');
  out.writeUInt32LE(Buffer.byteLength(text), 8);
  out.write(text, 12, 'utf8');
  for (const [name, b] of parts) b.copy(out, start + offsets[name][0]);
  return out;
}

/** The file's header and sections; undefined when it is not one (another magic). Throws on a damaged layout. */
export function decodeSections<H>(magic: string, bytes: Buffer): SectionFile<H> | undefined {
  if (bytes.length < 12 || bytes.toString('latin1', 0, 8) !== magic) return undefined;
  const headerLength = bytes.readUInt32LE(8);
  const header = JSON.parse(bytes.toString('utf8', 12, 12 + headerLength)) as H & Stored;
  if (!header || typeof header !== 'object' || !header.sections) return undefined;
  const start = align(12 + headerLength, 8);
  const locate = (name: string, kind: Kind): [number, number] => {
    const [rel, length, k] = header.sections[name] ?? [];
    if (k !== kind || !Number.isInteger(rel) || !Number.isInteger(length) || rel! % 8 !== 0 || rel! < 0 || start + rel! + length! > bytes.length) {
      throw new Error(`cache file: bad section ${name}`);
    }
    return [start + rel!, length!];
  };
  const numbers = <T>(name: string, kind: 'u32' | 'f64', size: number, make: (b: ArrayBufferLike, at?: number, n?: number) => T): T => {
    const [at, length] = locate(name, kind);
    if (length % size !== 0) throw new Error(`cache file: bad section ${name}`);
    // A view when the buffer's memory is aligned (a file read whole is), else a copy.
    const from = bytes.byteOffset + at;
    return from % size === 0 ? make(bytes.buffer, from, length / size) : make(bytes.buffer.slice(from, from + length));
  };
  const u32 = (name: string) => numbers(name, 'u32', 4, (b, at, n) => new Uint32Array(b, at, n));
  const f64 = (name: string) => numbers(name, 'f64', 8, (b, at, n) => new Float64Array(b, at, n));
  const text = (name: string): TextSection => {
    const [at, length] = locate(name, 'text');
    const starts = u32(`${name}#`);
    const count = starts.length - 1;
    if (count < 0 || starts[count] !== length) throw new Error(`cache file: bad section ${name}`);
    for (let i = 0; i < count; i++) if (starts[i] > starts[i + 1]) throw new Error(`cache file: bad section ${name}`);
    const piece = (i: number) => bytes.toString('utf8', at + starts[i], at + starts[i + 1]);
    const all = () => {
      // One decode, cut at the same offsets when every byte is one character (ASCII); else piece by piece.
      const whole = bytes.toString('utf8', at, at + length);
      if (whole.length !== length) return Array.from({ length: count }, (_, i) => piece(i));
      return Array.from({ length: count }, (_, i) => whole.slice(starts[i], starts[i + 1]));
    };
    return { count, piece, all };
  };
  const { sections: _, ...rest } = header;
  return { header: rest as unknown as H, u32, f64, text };
}

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}
