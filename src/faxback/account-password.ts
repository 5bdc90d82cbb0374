// The password check of Account-Login and Account-Validate (spec §2.3 rows 1, 2), kept out of the
// pure decision: scrypt is slow by design (password.ts), so the decision is handed its verdict.
import { createHash, timingSafeEqual } from 'node:crypto';
import { verifyPassword } from './password.js';
import type { FaxAccount } from './records.js';

/** False when the account has no password at all: such an account cannot log in. Never throws. */
export async function accountPasswordMatches(account: FaxAccount, password: Buffer): Promise<boolean> {
  const typed = password.toString('utf8');
  if (account.passwordHash !== undefined) return verifyPassword(typed, account.passwordHash);
  if (account.password !== undefined) {
    // Digests first, so the comparison is constant-time whatever the lengths.
    const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();
    return timingSafeEqual(digest(typed), digest(account.password));
  }
  return false;
}
