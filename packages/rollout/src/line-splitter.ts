/** Why a piece of input did not become a line of text. */
export type OversizedLine = { bytes: number };

/**
 * Splits a byte stream into lines on LF bytes only, never on U+2028/U+2029 or
 * CR (payloads may legally contain them). Lines come out decoded as UTF-8
 * without their `\n`. Input chunks may be reused by the caller after `push`
 * returns: any partial line is copied.
 */
export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Set while skipping the rest of a line that exceeded the limit. */
  private discarding = false;
  /** Input bytes pushed before the current chunk. */
  private base = 0;
  /** Input offset of the first byte of the line being delivered (valid inside the callbacks). */
  lineStart = 0;
  /** Input offset just past the line being delivered, its `\n` included when it has one. */
  lineEnd = 0;

  constructor(
    private readonly onLine: (text: string) => void,
    private readonly onOversized: (info: OversizedLine) => void,
    private readonly maxLineBytes = 256 * 1024 * 1024,
  ) {}

  push(chunk: Uint8Array): void {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    const end = buf.length;
    while (start < end) {
      const newline = buf.indexOf(10, start);
      if (newline === -1) {
        this.keep(buf, start, end);
        break;
      }
      this.lineStart = this.base + start - this.pendingBytes;
      this.lineEnd = this.base + newline + 1;
      if (this.discarding) {
        this.discarding = false;
      } else if (this.pendingBytes === 0) {
        if (newline - start > this.maxLineBytes) this.onOversized({ bytes: newline - start });
        else this.onLine(buf.toString('utf8', start, newline));
      } else {
        const total = this.pendingBytes + (newline - start);
        if (total > this.maxLineBytes) {
          this.onOversized({ bytes: total });
        } else {
          this.pending.push(buf.subarray(start, newline));
          this.onLine(Buffer.concat(this.pending, total).toString('utf8'));
        }
        this.pending = [];
        this.pendingBytes = 0;
      }
      start = newline + 1;
    }
    this.base += end;
  }

  /** Emits the final line when the input did not end with `\n` (a torn or unterminated tail). */
  end(): void {
    if (this.discarding) {
      this.discarding = false;
      return;
    }
    if (this.pendingBytes > 0) {
      this.lineStart = this.base - this.pendingBytes;
      this.lineEnd = this.base;
      const text = Buffer.concat(this.pending, this.pendingBytes).toString('utf8');
      this.pending = [];
      this.pendingBytes = 0;
      this.onLine(text);
    }
  }

  private keep(buf: Buffer, start: number, end: number): void {
    if (this.discarding) return;
    const size = end - start;
    if (this.pendingBytes + size > this.maxLineBytes) {
      this.onOversized({ bytes: this.pendingBytes + size });
      this.pending = [];
      this.pendingBytes = 0;
      this.discarding = true;
      return;
    }
    this.pending.push(Buffer.from(buf.subarray(start, end)));
    this.pendingBytes += size;
  }
}
