// The journal's framing: intact frames read back in order; a torn tail and a corrupt frame are
// skipped as regions, and the frames after a corrupt one are still read.
import { describe, expect, it } from 'vitest';
import { decodeFrames, encodeFrame } from '../../src/accounting/journal/frame.js';

const records = ['first', 'second record', '{"op":"leg"}', ''].map((t) => Buffer.from(t));
const file = (): Buffer => Buffer.concat(records.map(encodeFrame));

describe('journal frames', () => {
  it('reads back every record, in order, with nothing skipped', () => {
    expect(decodeFrames(file())).toEqual({ payloads: records, skipped: [] });
  });

  it('a write cut short at any byte leaves the frames before it and one torn region', () => {
    const whole = file();
    const lastStart = whole.length - encodeFrame(records[3]!).length - encodeFrame(records[2]!).length;
    for (let cut = lastStart + 1; cut < lastStart + encodeFrame(records[2]!).length; cut++) {
      const decoded = decodeFrames(whole.subarray(0, cut));
      expect(decoded.payloads).toEqual(records.slice(0, 2));
      expect(decoded.skipped).toEqual([{ offset: lastStart, bytes: cut - lastStart, reason: 'torn' }]);
    }
  });

  it('a flipped byte in a payload, a length or the magic loses that frame only', () => {
    const frames = records.map(encodeFrame);
    const second = frames[0]!.length;
    for (const at of [0, 5, 16]) {
      const damaged = Buffer.concat(frames);
      damaged[second + at]! ^= 0x40;
      const decoded = decodeFrames(damaged);
      expect(decoded.payloads).toEqual([records[0], records[2], records[3]]);
      expect(decoded.skipped).toEqual([{ offset: second, bytes: frames[1]!.length, reason: 'corrupt' }]);
    }
  });

  it('garbage appended after the last frame is one corrupt region', () => {
    const decoded = decodeFrames(Buffer.concat([file(), Buffer.from('not a frame at all')]));
    expect(decoded.payloads).toEqual(records);
    expect(decoded.skipped).toEqual([{ offset: file().length, bytes: 18, reason: 'corrupt' }]);
  });
});
