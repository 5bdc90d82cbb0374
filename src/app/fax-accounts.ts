// FaxBack accounts and DIDs as operators change them (spec §1.4, §2.3, §6), shared by `firebridge fax
// account|did` and /api/fax: passwords kept as scrypt hashes (a clear copy only when insisted), the
// failover account resolved to its stored spelling, what points at an account found before it is
// deleted, and the links `show` adds. Names compare case-insensitively.
import { hashPassword } from '../faxback/password.js';
import { accountKey, type FaxAccount, type FaxAta, type FaxDid, type FaxSenderEmail } from '../faxback/records.js';
import type { Config } from '../config/schema.js';
import type { FaxStore } from '../store/index.js';
import { ataName, describeAccount, unixSeconds, type AccountSettings, type DidSettings } from './fax-settings.js';

export function sameAccount(a: string, b: string): boolean {
  return accountKey(a) === accountKey(b);
}

/** Longer account names are allowed when some FaxBack client runs in UUID mode (spec §6). */
export function uuidModeInUse(config: Config): boolean {
  return config.clients.some((c) => c.kind === 'faxback' && c.faxback.uuidMode);
}

export async function credentials(password: string, keepClear: boolean): Promise<Pick<FaxAccount, 'passwordHash' | 'password'>> {
  return { passwordHash: await hashPassword(password), ...(keepClear ? { password } : {}) };
}

export function keptPassword(a: FaxAccount): Pick<FaxAccount, 'passwordHash' | 'password'> {
  return { ...(a.passwordHash !== undefined ? { passwordHash: a.passwordHash } : {}), ...(a.password !== undefined ? { password: a.password } : {}) };
}

export function accountSettingsOf(a: FaxAccount): AccountSettings {
  const { name: _name, uuid: _uuid, passwordHash: _hash, password: _password, modifiedAt: _modified, ...settings } = a;
  return settings;
}

export function didSettingsOf(d: FaxDid): DidSettings {
  const { did: _did, account: _account, ...settings } = d;
  return settings;
}

/** The failover account must exist (its UUID goes in the login reply, spec §6) and is kept as it is spelled there. */
export async function resolveFailover(fax: FaxStore, name: string, settings: AccountSettings): Promise<{ ok: true; settings: AccountSettings } | { ok: false; why: string }> {
  const failover = settings.failoverAccount;
  if (failover === undefined) return { ok: true, settings };
  if (sameAccount(failover, name)) return { ok: false, why: 'an account cannot be its own failover' };
  const target = await fax.account(failover);
  if (!target) return { ok: false, why: `no fax account ${JSON.stringify(failover)}` };
  return { ok: true, settings: { ...settings, failoverAccount: target.name } };
}

/** What `show` adds to the account: what points at it. */
export async function describeWithLinks(fax: FaxStore, a: FaxAccount): Promise<Record<string, unknown>> {
  const [dids, atas, emails] = await Promise.all([fax.didsOf(a.name), fax.atas(), fax.senderEmails()]);
  return {
    ...describeAccount(a),
    dids: dids.map((d) => d.did),
    senderEmails: emails.filter((e) => sameAccount(e.account, a.name)).map((e) => e.email),
    atas: atas.filter((x) => sameAccount(x.account, a.name)).map(ataName),
  };
}

/** What points at an account: its DIDs, ATAs and sender addresses, and the accounts failing over to it. */
export interface AccountLinks {
  readonly dids: readonly FaxDid[];
  readonly atas: readonly FaxAta[];
  readonly emails: readonly FaxSenderEmail[];
  readonly failingOver: readonly FaxAccount[];
}

export async function accountLinks(fax: FaxStore, account: FaxAccount): Promise<AccountLinks> {
  const mine = (x: { account: string }): boolean => sameAccount(x.account, account.name);
  const [dids, atas, emails, accounts] = await Promise.all([fax.didsOf(account.name), fax.atas(), fax.senderEmails(), fax.accounts()]);
  return {
    dids,
    atas: atas.filter(mine),
    emails: emails.filter(mine),
    failingOver: accounts.filter((a) => !sameAccount(a.name, account.name) && a.failoverAccount !== undefined && sameAccount(a.failoverAccount, account.name)),
  };
}

/** Deletes the account with its DIDs and ATAs, clearing it as others' failover (a forced delete). */
export async function deleteAccountAndLinks(fax: FaxStore, account: FaxAccount, links: AccountLinks): Promise<void> {
  // What points at the account goes first: an interrupted delete leaves the account, and a rerun finishes.
  for (const d of links.dids) await fax.deleteDid(d.did);
  for (const x of links.atas) await fax.deleteAta(x.mac !== undefined ? { mac: x.mac } : { serial: x.serial! });
  for (const a of links.failingOver) {
    const { failoverAccount: _f, failoverMode: _m, ...rest } = a;
    await fax.putAccount({ ...rest, modifiedAt: unixSeconds() });
  }
  await fax.deleteAccount(account.name);
}
