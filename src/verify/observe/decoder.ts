/**
 * Incremental PostgreSQL protocol (v3) message decoder for a byte stream that is forwarded
 * unchanged elsewhere. It keeps at most `cap` bytes of any message body (large COPY data or huge
 * queries are skipped, not buffered), so memory stays flat whatever passes through.
 */
export interface Message {
  type: string;
  /** Full body length as announced (may exceed body.length when truncated). */
  length: number;
  /** The first `cap` bytes of the body. */
  body: Buffer;
}

export class MessageDecoder {
  private header: Buffer = Buffer.alloc(0);
  private type = '';
  private remaining = 0;
  private kept: Buffer[] = [];
  private keptLen = 0;
  private length = 0;

  constructor(
    private onMessage: (m: Message) => void,
    private cap = 8192,
    private wanted: (type: string) => boolean = () => true,
  ) {}

  push(chunk: Buffer): void {
    let off = 0;
    while (off < chunk.length) {
      if (this.remaining === 0 && this.type === '') {
        const need = 5 - this.header.length;
        const take = chunk.subarray(off, off + need);
        this.header = this.header.length ? Buffer.concat([this.header, take]) : Buffer.from(take);
        off += take.length;
        if (this.header.length < 5) return;
        this.type = String.fromCharCode(this.header[0]!);
        this.length = this.header.readInt32BE(1) - 4;
        this.remaining = this.length;
        this.header = Buffer.alloc(0);
        this.kept = [];
        this.keptLen = 0;
        if (this.remaining <= 0) this.finish();
        continue;
      }
      const take = Math.min(this.remaining, chunk.length - off);
      if (this.wanted(this.type) && this.keptLen < this.cap) {
        const keep = chunk.subarray(off, off + Math.min(take, this.cap - this.keptLen));
        this.kept.push(Buffer.from(keep));
        this.keptLen += keep.length;
      }
      off += take;
      this.remaining -= take;
      if (this.remaining === 0) this.finish();
    }
  }

  private finish(): void {
    const m = { type: this.type, length: this.length, body: this.kept.length === 1 ? this.kept[0]! : Buffer.concat(this.kept) };
    this.type = '';
    this.remaining = 0;
    this.kept = [];
    this.keptLen = 0;
    if (this.wanted(m.type)) this.onMessage(m);
  }
}

/** Reads consecutive NUL-terminated strings from a (possibly truncated) body. */
export function cstrings(body: Buffer, count: number): string[] {
  const out: string[] = [];
  let pos = 0;
  for (let i = 0; i < count; i++) {
    const end = body.indexOf(0, pos);
    out.push(body.toString('utf8', pos, end < 0 ? body.length : end));
    if (end < 0) break;
    pos = end + 1;
  }
  return out;
}
