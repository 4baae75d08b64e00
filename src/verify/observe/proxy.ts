import * as net from 'node:net';
import * as tls from 'node:tls';
import { tlsFor, type Endpoint } from '../live/endpoint-url.js';
import { MessageDecoder } from './decoder.js';
import { Recorder } from './recorder.js';

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
// PostgreSQL's own limit for a start-up packet (MAX_STARTUP_PACKET_LENGTH).
const MAX_STARTUP = 10000;

/** A start-up packet PostgreSQL would read: sane length, and protocol 3.x or one of the special requests (protocol 3.2 cancel keys run up to 256 bytes). */
const validStartup = (len: number, code: number) =>
  len >= 8 && len <= MAX_STARTUP && (code >>> 16 === 3 || ((code === SSL_REQUEST || code === GSSENC_REQUEST) && len === 8) || (code === CANCEL_REQUEST && len >= 16 && len <= 12 + 256));

export interface Proxy {
  port: number;
  recorder: Recorder;
  /** Client connections currently open (for tests: no hung sockets after disconnects). */
  open(): number;
  close(): Promise<void>;
}

/** Opens the upstream connection, with TLS per the endpoint's sslmode (libpq semantics). */
async function connectUpstream(ep: Endpoint): Promise<net.Socket> {
  const sock = net.connect({ host: ep.host, port: ep.port, noDelay: true });
  await new Promise<void>((resolve, reject) => {
    sock.once('connect', resolve);
    sock.once('error', reject);
  });
  if (ep.sslmode === 'disable' || ep.sslmode === 'allow') return sock;
  const req = Buffer.alloc(8);
  req.writeInt32BE(8, 0);
  req.writeInt32BE(SSL_REQUEST, 4);
  sock.write(req);
  const answer = await new Promise<string>((resolve, reject) => {
    sock.once('data', (d: Buffer) => resolve(String.fromCharCode(d[0]!)));
    sock.once('error', reject);
  });
  if (answer !== 'S') {
    if (ep.sslmode === 'prefer') return sock;
    sock.destroy();
    throw new Error(`the server does not offer TLS, but sslmode=${ep.sslmode}`);
  }
  const opts = tlsFor(ep.sslmode);
  const secure = tls.connect({ socket: sock, servername: net.isIP(ep.host) ? undefined : ep.host, ...(opts || {}) });
  await new Promise<void>((resolve, reject) => {
    secure.once('secureConnect', resolve);
    secure.once('error', reject);
  });
  return secure;
}

/**
 * A loopback recording proxy. It declines SSL/GSS encryption to the local client, honours sslmode
 * upstream, forwards CancelRequest, and after start-up pipes every byte unchanged in both
 * directions (with backpressure), while decoders on the side record what the driver sends.
 */
export async function startProxy(upstream: Endpoint): Promise<Proxy> {
  const recorder = new Recorder();
  const sockets = new Set<net.Socket>();
  // noDelay: small protocol messages must not wait for Nagle's algorithm on either leg.
  const server = net.createServer({ noDelay: true }, (client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    let buf: Buffer = Buffer.alloc(0);
    const onStartup = async (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 8) {
        const len = buf.readInt32BE(0);
        const code = buf.readInt32BE(4);
        if (!validStartup(len, code)) {
          // Not the PostgreSQL protocol: nothing to forward, and nothing this connection can prove.
          recorder.notPostgres++;
          client.off('data', onStartup);
          client.destroy();
          return;
        }
        if (buf.length < len) return;
        const msg = buf.subarray(0, len);
        buf = buf.subarray(len);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
          client.write('N');
          continue;
        }
        client.off('data', onStartup);
        client.pause();
        let up: net.Socket;
        try {
          up = await connectUpstream(upstream);
        } catch {
          if (code !== CANCEL_REQUEST) recorder.upstreamFailed++;
          client.destroy();
          return;
        }
        sockets.add(up);
        up.on('close', () => {
          sockets.delete(up);
          client.destroy();
        });
        up.on('error', () => up.destroy());
        client.on('close', () => up.destroy());
        if (code === CANCEL_REQUEST) {
          up.end(msg);
          client.end();
          return;
        }
        const tap = recorder.connection();
        const front = new MessageDecoder((m) => tap.frontend(m), 8192, (t) => 'PBDCQ'.includes(t));
        // 'Z' (ReadyForQuery) marks a completed start-up; 'E' carries 26000/42P05.
        const back = new MessageDecoder((m) => tap.backend(m), 4096, (t) => t === 'E' || t === 'Z');
        // The server's first replies (auth, parameters) are ordinary typed messages too.
        up.on('data', (d: Buffer) => back.push(d));
        client.on('data', (d: Buffer) => front.push(d));
        up.write(msg);
        if (buf.length) {
          front.push(buf);
          up.write(buf);
        }
        client.pipe(up);
        up.pipe(client);
        client.resume();
        return;
      }
    };
    client.on('data', onStartup);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    recorder,
    open: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
