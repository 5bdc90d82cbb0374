// The journal's on-disk framing. Each record is one frame:
//
//   magic "FBJ1" (4) | payload length, u32 big-endian (4) | SHA-256(length ‖ payload), first 8 octets | payload
//
// The checksum covers the length too, so a flipped length is caught like a flipped payload. The magic
// lets a reader find the next frame after damage: a kill -9 in the middle of a write leaves a torn
// tail, a bad disk a corrupt frame, and neither may cost the records around it. Pure.
import { createHash } from 'node:crypto';

const MAGIC = Buffer.from('FBJ1', 'latin1');
const HEADER = 16;
/** Far above any accounting record; a larger length is damage, not a record. */
export const MAX_PAYLOAD = 64 * 1024;

function checksum(length: Buffer, payload: Buffer): Buffer {
  return createHash('sha256').update(length).update(payload).digest().subarray(0, 8);
}

export function encodeFrame(payload: Buffer): Buffer {
  if (payload.length > MAX_PAYLOAD) throw new RangeError(`journal record of ${payload.length} bytes exceeds ${MAX_PAYLOAD}`);
  const frame = Buffer.allocUnsafe(HEADER + payload.length);
  MAGIC.copy(frame, 0);
  frame.writeUInt32BE(payload.length, 4);
  checksum(frame.subarray(4, 8), payload).copy(frame, 8);
  payload.copy(frame, HEADER);
  return frame;
}

/** Bytes a reader could not read as frames: where they start, how many, and why. */
export interface SkippedRegion {
  readonly offset: number;
  readonly bytes: number;
  /** `torn`: the file ends inside a frame (a write cut short); `corrupt`: a frame that fails its checksum or framing. */
  readonly reason: 'torn' | 'corrupt';
}

export interface DecodedFrames {
  readonly payloads: Buffer[];
  readonly skipped: SkippedRegion[];
}

type FrameAt = { kind: 'frame'; payload: Buffer; end: number } | { kind: 'torn' } | { kind: 'corrupt' };

function frameAt(data: Buffer, offset: number): FrameAt {
  const left = data.length - offset;
  if (left < HEADER) {
    const head = Math.min(left, MAGIC.length);
    return data.subarray(offset, offset + head).equals(MAGIC.subarray(0, head)) ? { kind: 'torn' } : { kind: 'corrupt' };
  }
  if (!data.subarray(offset, offset + 4).equals(MAGIC)) return { kind: 'corrupt' };
  const length = data.readUInt32BE(offset + 4);
  if (length > MAX_PAYLOAD) return { kind: 'corrupt' };
  const end = offset + HEADER + length;
  if (end > data.length) return { kind: 'torn' };
  const payload = data.subarray(offset + HEADER, end);
  if (!checksum(data.subarray(offset + 4, offset + 8), payload).equals(data.subarray(offset + 8, offset + 16))) return { kind: 'corrupt' };
  return { kind: 'frame', payload, end };
}

/**
 * Every intact frame of a journal file, in order, and the regions skipped between them. After a bad
 * frame the reader resumes at the next magic that starts an intact frame; a bad region that runs to
 * the end of the file is `torn` when it starts with a frame header cut short, `corrupt` otherwise.
 */
export function decodeFrames(data: Buffer): DecodedFrames {
  const payloads: Buffer[] = [];
  const skipped: SkippedRegion[] = [];
  let offset = 0;
  while (offset < data.length) {
    const at = frameAt(data, offset);
    if (at.kind === 'frame') {
      payloads.push(Buffer.from(at.payload));
      offset = at.end;
      continue;
    }
    let next = data.indexOf(MAGIC, offset + 1);
    while (next !== -1 && frameAt(data, next).kind !== 'frame') next = data.indexOf(MAGIC, next + 1);
    const end = next === -1 ? data.length : next;
    skipped.push({ offset, bytes: end - offset, reason: at.kind === 'torn' && next === -1 ? 'torn' : 'corrupt' });
    offset = end;
  }
  return { payloads, skipped };
}
