// Compares our SIP URI parser with sip.js's Grammar.URIParse (the reference, spec libraries.md).
// `ourReferenceView` folds in the divergences documented at the top of src/firebrick/uri/sip-uri.ts
// that still leave both parsers accepting, so `toEqual` can compare whole views.
import { Grammar, URI } from 'sip.js';
import { parseSipUri, type SipUri } from '../../../src/firebrick/uri/index.js';

export interface ReferenceView {
  scheme: string;
  user: string | undefined;
  host: string;
  port: number | undefined;
  transport: string | undefined;
  params: Record<string, string | null>;
  headers: Record<string, string[]>;
}

export function sipjsParse(text: string): URI | undefined {
  return Grammar.URIParse(text);
}

export function sipjsView(uri: URI): ReferenceView {
  const transport = uri.parameters['transport'];
  return {
    scheme: uri.scheme,
    user: uri.user,
    host: uri.host,
    port: uri.port,
    transport: typeof transport === 'string' ? transport : undefined,
    params: { ...uri.parameters },
    headers: { ...uri.headers },
  };
}

/** Header map keyed the way sip.js keys it (lower-cased, then "headerized": `Call-ID`, `Subject`). */
function sipjsHeaders(headers: SipUri['headers']): Record<string, string[]> {
  const grouped: Record<string, string[]> = {};
  for (const [name, value] of headers) (grouped[name.toLowerCase()] ??= []).push(value);
  return { ...new URI('sip', '', 'h', undefined, undefined, grouped).headers };
}

/** sip.js reads `maddr=` with its host rule and, when that matches, makes it the URI's host. */
function sipjsMaddrHost(maddr: string | null | undefined): string | undefined {
  if (typeof maddr !== 'string') return undefined;
  const asHost = parseSipUri(`sip:${maddr}`);
  const bareHost =
    asHost !== undefined &&
    asHost.user === undefined &&
    asHost.port === undefined &&
    Object.keys(asHost.params).length === 0 &&
    asHost.headers.length === 0 &&
    // hosts only we accept (documented divergences)
    !asHost.host.endsWith('.') &&
    asHost.host !== '[::]';
  return bareHost ? asHost.host : undefined;
}

export function ourReferenceView(uri: SipUri): ReferenceView {
  const params: Record<string, string | null> = {};
  for (const name of Object.keys(uri.params)) {
    const value = uri.params[name]!;
    // sip.js drops a well-formed ttl (its action writes it elsewhere) and nulls lr's value.
    if (name === 'ttl' && value !== null && /^\d{1,3}$/.test(value)) continue;
    params[name] = name === 'lr' ? null : value;
  }
  const maddrHost = sipjsMaddrHost(uri.params['maddr']);
  return {
    scheme: uri.scheme,
    // sip.js reports `user:password` as the user.
    user: uri.password !== undefined ? `${uri.user}:${uri.password}` : uri.user,
    // sip.js lets a maddr parameter overwrite the host.
    host: maddrHost ?? uri.host,
    port: uri.port,
    transport: uri.transport,
    params,
    headers: sipjsHeaders(uri.headers),
  };
}
