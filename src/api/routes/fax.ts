// /api/fax: FaxBack accounts and DIDs as `firebridge fax account|did` manage them, sharing
// app/fax-fields.ts, app/fax-settings.ts and app/fax-accounts.ts. A setting is given as JSON (true/false
// for on/off, a number, text; null: the port server's default) and read by the commands' own parser,
// so the same values are refused with the same reason, naming the field. Passwords are kept as
// scrypt hashes and never returned (only whether one is set). Every change is audited.
import { z } from 'zod';
import { accountLinks, accountSettingsOf, credentials, deleteAccountAndLinks, describeWithLinks, didSettingsOf, keptPassword, resolveFailover, uuidModeInUse } from '../../app/fax-accounts.js';
import { accountName, applyFields, did as didText, passwordText, type Field, type FieldProblem } from '../../app/fax-fields.js';
import { ACCOUNT_DEFAULTS, ACCOUNT_FIELDS, DID_DEFAULTS, DID_FIELDS, ataName, describeAccount, describeDid, newAccountUuid, unixSeconds, type AccountSettings, type DidSettings } from '../../app/fax-settings.js';
import type { FaxAccount, FaxDid } from '../../faxback/records.js';
import { auditApiChange } from '../audit.js';
import type { ApiApp, ApiDeps } from '../deps.js';
import { ApiError, notFound, type ApiProblem } from '../errors.js';

const value = z.union([z.string(), z.number(), z.boolean()]).nullable().optional();
const settingsShape = <S>(fields: ReadonlyArray<Field<S>>) => Object.fromEntries(fields.map((f) => [f.key, value.describe(f.help)])) as Record<string, typeof value>;
type SettingsBody = Record<string, string | number | boolean | null | undefined>;

/** The JSON value as the text the parsers read: null → '' (the default), true/false → on/off. */
const asText = (v: string | number | boolean | null | undefined): string | undefined => (v === undefined ? undefined : v === null ? '' : typeof v === 'boolean' ? (v ? 'on' : 'off') : String(v));

function invalid(problems: readonly ApiProblem[]): ApiError {
  return new ApiError(400, 'invalid-request', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
}
const fieldProblems = <S>(problems: ReadonlyArray<FieldProblem<S>>): ApiProblem[] => problems.map((p) => ({ path: `body.${p.field.key}`, message: `${JSON.stringify(p.value)} ${p.why}` }));

const record = z.record(z.string(), z.unknown());
/** What the audit trail keeps of an account: its settings and whether a password is set, never the password or its hash. */
function accountAudit(a: FaxAccount | undefined): Record<string, unknown> {
  if (!a) return {};
  const { password: state, modifiedAt: _modified, ...settings } = describeAccount(a);
  return { ...settings, passwordState: state };
}

export function faxRoutes(app: ApiApp, deps: ApiDeps): void {
  const fax = deps.store.fax;
  const accountParams = z.object({ name: z.string().min(1) });
  const didParams = z.object({ did: z.string().min(1) });
  const findAccount = async (name: string): Promise<FaxAccount> => {
    const a = await fax.account(name);
    if (!a) throw notFound(`fax account ${JSON.stringify(name)}`);
    return a;
  };
  const findDid = async (did: string): Promise<FaxDid> => {
    const d = await fax.did(did);
    if (!d) throw notFound(`DID ${JSON.stringify(did)}`);
    return d;
  };
  /** The password given (null: remove it), checked as the commands check it. */
  const password = (p: string | null | undefined): string | null | undefined => {
    if (p === undefined || p === null) return p;
    const checked = passwordText(p);
    if (!checked.ok) throw invalid([{ path: 'body.password', message: `the password ${checked.why}` }]);
    return p;
  };
  const failover = async (name: string, settings: AccountSettings): Promise<AccountSettings> => {
    const resolved = await resolveFailover(fax, name, settings);
    if (!resolved.ok) throw invalid([{ path: 'body.failoverAccount', message: resolved.why }]);
    return resolved.settings;
  };

  app.get('/api/fax/accounts', { config: { role: 'read-only' }, schema: { tags: ['fax'], summary: 'FaxBack accounts (never a password or its hash)', response: { 200: z.array(record) } } }, async () =>
    (await fax.accounts()).map(describeAccount),
  );
  app.get(
    '/api/fax/accounts/:name',
    { config: { role: 'read-only' }, schema: { tags: ['fax'], summary: 'One account, with its DIDs, sender addresses and ATAs', params: accountParams, response: { 200: record } } },
    async (request) => describeWithLinks(fax, await findAccount(request.params.name)),
  );
  app.post(
    '/api/fax/accounts',
    {
      config: { role: 'operator' },
      schema: {
        tags: ['fax'],
        summary: 'Add an account (as `fax account add`: a new random UUID; without a password it cannot log in)',
        body: z.object({ name: z.string(), password: z.string().min(1).optional(), storeClearPassword: z.boolean().optional(), ...settingsShape(ACCOUNT_FIELDS) }).strict(),
        response: { 201: record },
      },
    },
    async (request, reply) => {
      const { name, password: given, storeClearPassword, ...settings } = request.body as { name: string; password?: string; storeClearPassword?: boolean } & SettingsBody;
      const checked = accountName(uuidModeInUse(deps.config))(name);
      const applied = applyFields(ACCOUNT_FIELDS, ACCOUNT_DEFAULTS as AccountSettings, ACCOUNT_DEFAULTS, (f) => asText(settings[f.key]));
      const problems = [...(checked.ok ? [] : [{ path: 'body.name', message: `${JSON.stringify(name)} ${checked.why}` }]), ...fieldProblems(applied.problems)];
      if (storeClearPassword && given === undefined) problems.push({ path: 'body.storeClearPassword', message: 'needs a password' });
      if (problems.length) throw invalid(problems);
      const pw = password(given);
      const existing = await fax.account(name);
      if (existing) throw new ApiError(409, 'exists', `fax account ${JSON.stringify(existing.name)} exists (names compare case-insensitively); change it with PATCH`);
      const account: FaxAccount = {
        name,
        uuid: newAccountUuid(),
        ...(typeof pw === 'string' ? await credentials(pw, storeClearPassword === true) : {}),
        ...(await failover(name, applied.value)),
        modifiedAt: unixSeconds(deps.now()),
      };
      await fax.putAccount(account);
      await auditApiChange(deps, request, { subject: `fax-account:${name}`, what: 'fax account add', after: { ...accountAudit(account), ...(pw ? { password: pw } : {}) } });
      return reply.code(201).send(describeAccount(account));
    },
  );
  app.patch(
    '/api/fax/accounts/:name',
    {
      config: { role: 'operator' },
      schema: {
        tags: ['fax'],
        summary: "Change an account (as `fax account set`): only what is given; null sets a setting back to the port server's default; password null removes it",
        params: accountParams,
        body: z.object({ password: z.string().min(1).nullable().optional(), storeClearPassword: z.boolean().optional(), ...settingsShape(ACCOUNT_FIELDS) }).strict(),
        response: { 200: record },
      },
    },
    async (request) => {
      const { password: given, storeClearPassword, ...settings } = request.body as { password?: string | null; storeClearPassword?: boolean } & SettingsBody;
      const current = await findAccount(request.params.name);
      const applied = applyFields(ACCOUNT_FIELDS, accountSettingsOf(current), ACCOUNT_DEFAULTS, (f) => asText(settings[f.key]));
      const problems = fieldProblems(applied.problems);
      if (storeClearPassword && typeof given !== 'string') problems.push({ path: 'body.storeClearPassword', message: 'needs the password too' });
      if (problems.length) throw invalid(problems);
      const pw = password(given);
      const next: FaxAccount = {
        name: current.name,
        uuid: current.uuid,
        ...(pw === undefined ? keptPassword(current) : pw === null ? {} : await credentials(pw, storeClearPassword === true)),
        ...(settings.failoverAccount != null ? await failover(current.name, applied.value) : applied.value),
        modifiedAt: unixSeconds(deps.now()),
      };
      await fax.putAccount(next);
      await auditApiChange(
        deps,
        request,
        { subject: `fax-account:${current.name}`, what: 'fax account set', before: accountAudit(current), after: { ...accountAudit(next), ...(typeof pw === 'string' ? { password: pw } : {}) } },
        { ifChanged: true },
      );
      return describeAccount(next);
    },
  );
  app.delete(
    '/api/fax/accounts/:name',
    {
      config: { role: 'operator' },
      schema: {
        tags: ['fax'],
        summary: 'Delete an account and its sender addresses; 409 while DIDs, ATAs or failovers point at it, unless force=true deletes those DIDs and ATAs and clears the failovers',
        params: accountParams,
        querystring: z.object({ force: z.enum(['true', 'false']).optional() }).strict(),
        response: { 200: z.object({ deleted: z.string(), dids: z.array(z.string()), atas: z.array(z.string()), senderEmails: z.array(z.string()), failoverCleared: z.array(z.string()) }) },
      },
    },
    async (request) => {
      const account = await findAccount(request.params.name);
      const links = await accountLinks(fax, account);
      const pointing = [...links.dids.map((d) => `DID ${d.did}`), ...links.atas.map(ataName), ...links.failingOver.map((a) => `account ${a.name} (failover)`)];
      if (pointing.length && request.query.force !== 'true') throw new ApiError(409, 'in-use', `${pointing.join(', ')} point at it: move or delete them first, or give force=true`);
      await deleteAccountAndLinks(fax, account, links);
      const outcome = {
        deleted: account.name,
        dids: links.dids.map((d) => d.did),
        atas: links.atas.map(ataName),
        senderEmails: links.emails.map((e) => e.email),
        failoverCleared: links.failingOver.map((a) => a.name),
      };
      await auditApiChange(deps, request, { subject: `fax-account:${account.name}`, what: 'fax account del', before: accountAudit(account), after: { ...(pointing.length ? { alsoDeleted: outcome } : {}) } });
      return outcome;
    },
  );

  app.get(
    '/api/fax/dids',
    { config: { role: 'read-only' }, schema: { tags: ['fax'], summary: 'DIDs, in DID order', querystring: z.object({ account: z.string().optional() }).strict(), response: { 200: z.array(record) } } },
    async (request) => {
      const { account } = request.query;
      const dids = account !== undefined ? await fax.didsOf((await findAccount(account)).name) : await fax.dids();
      return dids.map(describeDid);
    },
  );
  app.get('/api/fax/dids/:did', { config: { role: 'read-only' }, schema: { tags: ['fax'], summary: 'One DID', params: didParams, response: { 200: record } } }, async (request) =>
    describeDid(await findDid(request.params.did)),
  );
  const readDid = (text: string, where: string): string => {
    const checked = didText(text);
    if (!checked.ok) throw invalid([{ path: where, message: `${JSON.stringify(text)} ${checked.why}` }]);
    return checked.value;
  };
  const accountFor = async (name: string): Promise<string> => {
    const a = await fax.account(name);
    if (!a) throw invalid([{ path: 'body.account', message: `no fax account ${JSON.stringify(name)}` }]);
    return a.name;
  };
  app.post(
    '/api/fax/dids',
    {
      config: { role: 'operator' },
      schema: { tags: ['fax'], summary: 'Add a DID routing to an existing account (as `fax did add`; "*" is the catch-all)', body: z.object({ did: z.string(), account: z.string(), ...settingsShape(DID_FIELDS) }).strict(), response: { 201: record } },
    },
    async (request, reply) => {
      const { did: text, account, ...settings } = request.body as { did: string; account: string } & SettingsBody;
      const did = readDid(text, 'body.did');
      const applied = applyFields(DID_FIELDS, DID_DEFAULTS as DidSettings, DID_DEFAULTS, (f) => asText(settings[f.key]));
      if (applied.problems.length) throw invalid(fieldProblems(applied.problems));
      const existing = await fax.did(did);
      if (existing) throw new ApiError(409, 'exists', `DID ${JSON.stringify(did)} exists (account ${JSON.stringify(existing.account)}); change it with PATCH`);
      const next: FaxDid = { did, account: await accountFor(account), ...applied.value };
      await fax.putDid(next);
      await auditApiChange(deps, request, { subject: `fax-did:${did}`, what: 'fax did add', after: describeDid(next) });
      return reply.code(201).send(describeDid(next));
    },
  );
  app.patch(
    '/api/fax/dids/:did',
    {
      config: { role: 'operator' },
      schema: { tags: ['fax'], summary: 'Change a DID (as `fax did set`): only what is given; null removes a setting', params: didParams, body: z.object({ account: z.string().optional(), ...settingsShape(DID_FIELDS) }).strict(), response: { 200: record } },
    },
    async (request) => {
      const { account, ...settings } = request.body as { account?: string } & SettingsBody;
      const current = await findDid(request.params.did);
      const applied = applyFields(DID_FIELDS, didSettingsOf(current), DID_DEFAULTS, (f) => asText(settings[f.key]));
      if (applied.problems.length) throw invalid(fieldProblems(applied.problems));
      const next: FaxDid = { did: current.did, account: account !== undefined ? await accountFor(account) : current.account, ...applied.value };
      await fax.putDid(next);
      await auditApiChange(deps, request, { subject: `fax-did:${current.did}`, what: 'fax did set', before: describeDid(current), after: describeDid(next) }, { ifChanged: true });
      return describeDid(next);
    },
  );
  app.delete('/api/fax/dids/:did', { config: { role: 'operator' }, schema: { tags: ['fax'], summary: 'Delete a DID', params: didParams, response: { 204: z.null() } } }, async (request, reply) => {
    const current = await findDid(request.params.did);
    await fax.deleteDid(current.did);
    await auditApiChange(deps, request, { subject: `fax-did:${current.did}`, what: 'fax did del', before: describeDid(current) });
    return reply.code(204).send(null);
  });
}
