import * as net from 'node:net';
import * as tls from 'node:tls';
import { tlsFor, type Endpoint } from './endpoint-url.js';

/** What the endpoint said to a start-up packet carrying the code's own parameters. */
export interface StartupAnswer {
  accepted: boolean | null;
  /** The server's or pooler's message when refused; why it could not be told otherwise. */
  message: string;
}

const TIMEOUT_MS = 3000;

function startupPacket(params: Record<string, string>): Buffer {
  const body = Buffer.concat([...Object.entries(params).flatMap(([k, v]) => [Buffer.from(`${k}\0`), Buffer.from(`${v}\0`)]), Buffer.from('\0')]);
  const head = Buffer.alloc(8);
  head.writeInt32BE(8 + body.length, 0);
  head.writeInt32BE(196608, 4); // protocol 3.0
  return Buffer.concat([head, body]);
}

/** The M (message) field of an ErrorResponse. */
function errorMessage(msg: Buffer): string {
  let i = 5;
  while (i < msg.length && msg[i] !== 0) {
    const field = String.fromCharCode(msg[i]!);
    const end = msg.indexOf(0, i + 1);
    if (end < 0) break;
    if (field === 'M') return msg.subarray(i + 1, end).toString('utf8');
    i = end + 1;
  }
  return 'refused';
}

/**
 * Sends a start-up packet with the parameters the code sends at connect (asyncpg
 * `server_settings`, libpq `options`) and reads the first answer, then hangs up before
 * authenticating: nothing runs on the server. PgBouncer checks start-up parameters before
 * authentication and refuses any it does not know ("unsupported startup parameter") unless
 * `ignore_startup_parameters` or `track_extra_parameters` lists it (DRIVER-FACTS.md, "Modern
 * poolers", "Still breaks everywhere"); an authentication request means they passed.
 */
export async function tryStartupParams(ep: Endpoint, params: Record<string, string>): Promise<StartupAnswer> {
  const packet = startupPacket({ user: ep.user, database: ep.database, ...params });
  const wantTls = tlsFor(ep.sslmode);
  return new Promise<StartupAnswer>((resolve) => {
    let sock: net.Socket = net.connect({ host: ep.host, port: ep.port });
    let buf = Buffer.alloc(0);
    let done = false;
    const finish = (a: StartupAnswer) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      resolve(a);
    };
    const timer = setTimeout(() => finish({ accepted: null, message: `no answer within ${TIMEOUT_MS / 1000} s` }), TIMEOUT_MS);
    timer.unref();
    const onMessage = (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length < 5) return;
      const len = buf.readInt32BE(1);
      if (buf.length < 1 + len) return;
      const type = String.fromCharCode(buf[0]!);
      if (type === 'R') finish({ accepted: true, message: 'accepted' });
      else if (type === 'E') finish({ accepted: false, message: errorMessage(buf.subarray(0, 1 + len)) });
      else finish({ accepted: null, message: `unexpected answer '${type}'` });
    };
    sock.on('error', (e) => finish({ accepted: null, message: e.message }));
    if (!wantTls) {
      sock.on('connect', () => sock.write(packet));
      sock.on('data', onMessage);
      return;
    }
    // SSLRequest first; prefer/allow fall back to plain when the server says 'N'.
    sock.on('connect', () => {
      const req = Buffer.alloc(8);
      req.writeInt32BE(8, 0);
      req.writeInt32BE(80877103, 4);
      sock.write(req);
    });
    sock.once('data', (d: Buffer) => {
      if (d[0] === 0x53) {
        const t = tls.connect({ socket: sock, servername: net.isIP(ep.host) ? undefined : ep.host, ...wantTls });
        sock = t;
        t.on('error', (e) => finish({ accepted: null, message: `TLS: ${e.message}` }));
        t.on('secureConnect', () => t.write(packet));
        t.on('data', onMessage);
      } else if (ep.sslmode === 'prefer' || ep.sslmode === 'allow') {
        sock.on('data', onMessage);
        sock.write(packet);
      } else finish({ accepted: null, message: 'the server does not offer TLS' });
    });
  });
}
