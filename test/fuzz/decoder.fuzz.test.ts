import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MessageDecoder, type Message } from '../../src/verify/observe/decoder.js';
import { Recorder } from '../../src/verify/observe/recorder.js';

/**
 * Property tests of the observe proxy's protocol decoder: whatever bytes arrive, cut anywhere, it
 * never throws, never holds more than its cap (plus a 5-byte header) and decodes the same messages
 * however the stream is chunked.
 */

const scale = Number(process.env.FUZZ_SCALE ?? 1);
const RUNS = 500 * scale;

/** The bytes the decoder holds between pushes. Private state, read on purpose: this is the bound under test. */
function held(d: MessageDecoder): number {
  const s = d as unknown as { header: Buffer; kept: Buffer[] };
  return s.header.length + s.kept.reduce((n, b) => n + b.length, 0);
}

/** Cuts a buffer at the given fractions of its length. */
function chunked(bytes: Uint8Array, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => Math.floor(c * bytes.length)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const to of [...at, bytes.length]) {
    out.push(Buffer.from(bytes.subarray(from, to)));
    from = to;
  }
  return out;
}

function decodeAll(chunks: Buffer[], cap: number, wanted: (t: string) => boolean, onPush?: (d: MessageDecoder) => void): Message[] {
  const got: Message[] = [];
  const d = new MessageDecoder((m) => got.push({ ...m, body: Buffer.from(m.body) }), cap, wanted);
  for (const c of chunks) {
    d.push(c);
    onPush?.(d);
  }
  return got;
}

const caps = fc.constantFrom(0, 1, 7, 64, 4096, 8192);
const cuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 40 });
const wantedSets = fc.constantFrom('PBDCQ', 'E', 'PBDCQEXSdHcfTZ1239');

/** A well-formed message: a type byte, the int32 length (itself included), the body. */
const message = fc.record({
  type: fc.constantFrom(...'PBDCQEXSdHcfTZ123'),
  body: fc.uint8Array({ maxLength: 300 }),
});
const frame = (m: { type: string; body: Uint8Array }) => {
  const b = Buffer.alloc(5 + m.body.length);
  b.write(m.type, 0, 'latin1');
  b.writeInt32BE(m.body.length + 4, 1);
  Buffer.from(m.body).copy(b, 5);
  return b;
};

/** Frames whose length field may lie (negative, under 4, past the end): random bytes rarely reach these. */
const lyingFrames = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 255 }), fc.oneof(fc.integer({ min: -8, max: 12 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })), fc.uint8Array({ maxLength: 64 })), { maxLength: 20 })
  .map((fs) =>
    Buffer.concat(
      fs.map(([type, length, body]) => {
        const b = Buffer.alloc(5);
        b[0] = type;
        b.writeInt32BE(length, 1);
        return Buffer.concat([b, body]);
      }),
    ),
  );
const anyBytes = fc.oneof(fc.uint8Array({ maxLength: 3000 }), lyingFrames);

describe('protocol decoder (property)', () => {
  it('never throws and never holds more than its cap, whatever the bytes and however they are cut', () => {
    fc.assert(
      fc.property(anyBytes, cuts, caps, wantedSets, (bytes, cut, cap, wanted) => {
        const recorder = new Recorder();
        const d = new MessageDecoder((m) => {
          expect(m.body.length).toBeLessThanOrEqual(cap);
          recorder.frontend(m);
          recorder.backend(m);
        }, cap, (t) => wanted.includes(t));
        for (const c of chunked(bytes, cut)) {
          d.push(c);
          expect(held(d)).toBeLessThanOrEqual(cap + 5);
        }
        recorder.snapshot();
      }),
      { numRuns: RUNS },
    );
  });

  it('decodes the same messages however the stream is chunked', () => {
    fc.assert(
      fc.property(anyBytes, cuts, caps, (bytes, cut, cap) => {
        const all = () => true;
        expect(decodeAll(chunked(bytes, cut), cap, all)).toEqual(decodeAll([Buffer.from(bytes)], cap, all));
      }),
      { numRuns: RUNS },
    );
  });

  it('gives back every wanted message of a well-formed stream, its body cut to the cap', () => {
    fc.assert(
      fc.property(fc.array(message, { maxLength: 30 }), cuts, caps, wantedSets, (msgs, cut, cap, wanted) => {
        const stream = Buffer.concat(msgs.map(frame));
        let peak = 0;
        const got = decodeAll(chunked(stream, cut), cap, (t) => wanted.includes(t), (d) => (peak = Math.max(peak, held(d))));
        const want = msgs.filter((m) => wanted.includes(m.type)).map((m) => ({ type: m.type, length: m.body.length, body: Buffer.from(m.body.subarray(0, cap)) }));
        expect(got).toEqual(want);
        expect(peak).toBeLessThanOrEqual(cap + 5);
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps memory flat through a huge message (a 1 GB COPY announced, 4 MB sent in small chunks)', () => {
    const cap = 8192;
    const d = new MessageDecoder(() => undefined, cap, () => true);
    const head = Buffer.alloc(5);
    head.write('d', 0, 'latin1');
    head.writeInt32BE(1 << 30, 1);
    d.push(head);
    const chunk = Buffer.alloc(1500, 0x41);
    for (let sent = 0; sent < 4 << 20; sent += chunk.length) {
      d.push(chunk);
      expect(held(d)).toBeLessThanOrEqual(cap);
    }
  });
});
