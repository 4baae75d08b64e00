import * as fs from 'node:fs';

export const MAX_FILE_BYTES = 2 * 1024 * 1024;

export interface SourceFile {
  /** Path relative to the run's root, with forward slashes. */
  rel: string;
  abs: string;
  /** Decoded text without the BOM. */
  text: string;
  bom: boolean;
  /** Line ending used for inserted lines: the file's own. */
  eol: '\n' | '\r\n';
  /** The bytes as read, to refuse a write if the file changed meanwhile. */
  raw: Buffer;
}

/**
 * A failed read keeps the bytes when it had them (binary, not UTF-8, too large to edit), so the
 * caller can still tell whether the file mentions what it looks for.
 */
export type ReadResult = { ok: true; file: SourceFile } | { ok: false; reason: string; raw?: Buffer };

/** Past this a file is not even read to look for trigger text; it is reported as unread. */
export const MAX_SCAN_BYTES = 256 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Reads a file for editing; anything that cannot be round-tripped byte for byte is refused with a reason. */
export function readSourceFile(abs: string, rel: string, maxBytes = MAX_FILE_BYTES): ReadResult {
  let raw: Buffer;
  let size: number;
  try {
    const st = fs.statSync(abs);
    if (!st.isFile()) return { ok: false, reason: 'not a regular file' };
    size = st.size;
    if (size > MAX_SCAN_BYTES) return { ok: false, reason: `larger than ${MAX_SCAN_BYTES / 1024 / 1024} MiB, not read` };
    raw = fs.readFileSync(abs);
  } catch (err) {
    return { ok: false, reason: `unreadable (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  }
  return decodeSource(abs, rel, raw, size, maxBytes);
}

/** The checks and decoding of readSourceFile, on bytes already read (`size` as stat gave it). */
export function decodeSource(abs: string, rel: string, raw: Buffer, size: number, maxBytes = MAX_FILE_BYTES): ReadResult {
  if (size > maxBytes) return { ok: false, reason: `larger than ${Math.round(maxBytes / 1024 / 1024)} MiB`, raw };
  if (raw.subarray(0, 8192).includes(0)) return { ok: false, reason: 'binary file', raw };
  let decoded: string;
  try {
    decoded = utf8.decode(raw);
  } catch {
    return { ok: false, reason: 'not valid UTF-8', raw };
  }
  const bom = decoded.charCodeAt(0) === 0xfeff;
  const text = bom ? decoded.slice(1) : decoded;
  const firstNl = text.indexOf('\n');
  const eol = firstNl > 0 && text[firstNl - 1] === '\r' ? '\r\n' : '\n';
  return { ok: true, file: { rel, abs, text, bom, eol, raw } };
}

export function encodeSourceText(file: Pick<SourceFile, 'bom'>, text: string): Buffer {
  return Buffer.from(file.bom ? `\ufeff${text}` : text, 'utf8');
}
