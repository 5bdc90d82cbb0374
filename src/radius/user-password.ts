// User-Password hiding (RFC 2865 §5.2). The clear password is padded with NULs to a multiple of 16
// octets and XORed, 16 octets at a time, with MD5(secret + previous block), the first "previous
// block" being the Request Authenticator:
//   b1 = MD5(S + RA)       c(1) = p1 xor b1
//   bi = MD5(S + c(i-1))   c(i) = pi xor bi
// Both directions live here: firebridge reveals what a PAP client sent, and the tests and the lab
// hide a password the way a client does.
import { md5 } from './md5.js';
import { AUTHENTICATOR_LENGTH } from './packet.js';

const BLOCK = 16;
/** RFC 2865 §5.2: "The String field is between 16 and 128 octets long, inclusive." */
export const MAX_HIDDEN_PASSWORD = 128;

export type UserPasswordProblem = 'empty' | 'not-a-multiple-of-16' | 'too-long' | 'bad-authenticator';

export type RevealedPassword =
  | { readonly ok: true; readonly password: Buffer }
  | { readonly ok: false; readonly problem: UserPasswordProblem; readonly detail: string };

function keystream(secret: Buffer, previous: Buffer): Buffer {
  return md5(Buffer.concat([secret, previous]));
}

/**
 * The clear password of a User-Password value, trailing NUL padding removed. A value the RFC does
 * not allow (empty, not whole blocks, over 128 octets) is a typed problem, never a throw. A wrong
 * secret cannot be detected here: it yields a wrong password, which the password check refuses.
 */
export function revealUserPassword(value: Buffer, secret: Buffer, requestAuthenticator: Buffer): RevealedPassword {
  if (requestAuthenticator.length !== AUTHENTICATOR_LENGTH) {
    return { ok: false, problem: 'bad-authenticator', detail: `authenticator of ${requestAuthenticator.length} octets` };
  }
  if (value.length === 0) return { ok: false, problem: 'empty', detail: 'User-Password has no octets' };
  if (value.length % BLOCK !== 0) {
    return { ok: false, problem: 'not-a-multiple-of-16', detail: `User-Password of ${value.length} octets (RFC 2865 §5.2: a multiple of 16)` };
  }
  if (value.length > MAX_HIDDEN_PASSWORD) {
    return { ok: false, problem: 'too-long', detail: `User-Password of ${value.length} octets (RFC 2865 §5.2: at most ${MAX_HIDDEN_PASSWORD})` };
  }
  const clear = Buffer.allocUnsafe(value.length);
  let previous = requestAuthenticator;
  for (let offset = 0; offset < value.length; offset += BLOCK) {
    const b = keystream(secret, previous);
    const c = value.subarray(offset, offset + BLOCK);
    for (let i = 0; i < BLOCK; i++) clear[offset + i] = c[i]! ^ b[i]!;
    previous = c;
  }
  let end = clear.length;
  while (end > 0 && clear[end - 1] === 0) end--;
  return { ok: true, password: clear.subarray(0, end) };
}

export class UserPasswordTooLongError extends Error {
  override name = 'UserPasswordTooLongError';
}

/** Hides a password as a client does (RFC 2865 §5.2); more than 128 octets cannot be hidden. */
export function hideUserPassword(password: Buffer | string, secret: Buffer, requestAuthenticator: Buffer): Buffer {
  const clear = typeof password === 'string' ? Buffer.from(password, 'utf8') : password;
  if (clear.length > MAX_HIDDEN_PASSWORD) {
    throw new UserPasswordTooLongError(`a password of ${clear.length} octets cannot be hidden (RFC 2865 §5.2: at most ${MAX_HIDDEN_PASSWORD})`);
  }
  const length = Math.max(BLOCK, Math.ceil(clear.length / BLOCK) * BLOCK);
  const out = Buffer.alloc(length);
  clear.copy(out);
  let previous = requestAuthenticator;
  for (let offset = 0; offset < length; offset += BLOCK) {
    const b = keystream(secret, previous);
    for (let i = 0; i < BLOCK; i++) out[offset + i] = out[offset + i]! ^ b[i]!;
    previous = out.subarray(offset, offset + BLOCK);
  }
  return out;
}
