import * as net from 'node:net';

/**
 * Keeps the first bytes a server sends on a client's socket, so that a failed connect can tell
 * "not PostgreSQL at all" from TLS, authentication or timeout failures, without another connection.
 */
export interface FirstBytes {
  /** A socket for node-postgres' `stream` option. */
  socket(): net.Socket;
  /** Up to 16 bytes of the server's first chunk, or null if it sent nothing. */
  seen(): Buffer | null;
}

/** `judge` may return an error for bytes that are not PostgreSQL: the socket is then destroyed with it at once, instead of waiting for a timeout. */
export function firstBytes(judge: (first: Buffer) => Error | null = () => null): FirstBytes {
  let first: Buffer | null = null;
  return {
    socket() {
      const s = new net.Socket();
      // `once`: the listener is gone before any TLS upgrade reads the socket.
      s.once('data', (d: Buffer) => {
        first = Buffer.from(d.subarray(0, 16));
        const err = judge(first);
        if (err) s.destroy(err);
      });
      return s;
    },
    seen: () => first,
  };
}

/** Backend messages that may open a PostgreSQL start-up reply: authentication, error, notice, protocol negotiation. */
const STARTUP_REPLY = new Set(['R', 'E', 'N', 'v']);

/**
 * Whether a server's first bytes could come from PostgreSQL (or a pooler speaking its protocol).
 * After an SSLRequest the answer is one byte, 'S' or 'N' (or 'E' from servers that predate it);
 * after a StartupMessage it is a typed message with a sane length.
 */
export function looksLikePostgres(first: Buffer, afterSslRequest: boolean): boolean {
  if (!first.length) return true;
  const t = String.fromCharCode(first[0]!);
  if (afterSslRequest && (t === 'S' || t === 'N')) return first.length === 1;
  if (!STARTUP_REPLY.has(t)) return false;
  if (first.length < 5) return true;
  const len = first.readInt32BE(1);
  return len >= 4 && len <= 1 << 20;
}

export function hexPreview(b: Buffer): string {
  return [...b.subarray(0, 4)].map((x) => x.toString(16).padStart(2, '0')).join(' ');
}
