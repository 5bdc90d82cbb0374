// SIP text in and out for the lab (issue 9). Requests are parsed with sip.js's message parser
// (spec libraries.md: `Core.Parser.parseMessage` works on whole messages); the lab only reads what a
// FireBrick puts into RADIUS (spec §1.2) and writes plain RFC 3261 responses.
import { randomBytes } from 'node:crypto';
import { Core } from 'sip.js';

/** The parts of a SIP request the lab uses, as written on the wire unless said otherwise. */
export interface SipRequest {
  readonly method: string;
  /** Request-URI exactly as written in the request line. */
  readonly requestUri: string;
  /** Every Via header value in order (one entry per header line, as written). */
  readonly via: readonly string[];
  /** The top Via's sent-by host and port, and whether it asked for rport (RFC 3581). */
  readonly topVia: { readonly host: string; readonly port: number | undefined; readonly branch: string | undefined; readonly rport: boolean };
  readonly from: string;
  readonly to: string;
  readonly fromUser: string | undefined;
  readonly toUser: string | undefined;
  readonly toTag: string | undefined;
  readonly callId: string;
  /** CSeq value as written (`2 REGISTER`), and its parts. */
  readonly cseq: string;
  readonly cseqNumber: number;
  readonly cseqMethod: string;
  /** The first Contact value as written, its URI (no angle brackets, no header parameters), its `expires`. */
  readonly contact: string | undefined;
  readonly contactUri: string | undefined;
  readonly contactExpires: number | undefined;
  readonly expires: number | undefined;
  readonly userAgent: string | undefined;
  readonly authorization: string | undefined;
  readonly proxyAuthorization: string | undefined;
  readonly recordRoute: readonly string[];
  readonly body: string;
}

export type ParseOutcome = { readonly ok: true; readonly request: SipRequest } | { readonly ok: false; readonly reason: string };

const loggerFactory = new Core.LoggerFactory();
loggerFactory.builtinEnabled = false;
let lastParserComplaint = '';
loggerFactory.connector = (_level, _category, _label, content: unknown) => {
  lastParserComplaint = String(content);
};
const parserLogger = loggerFactory.getLogger('firebridge-lab');

function integer(text: string | undefined): number | undefined {
  if (text === undefined || !/^\s*\d{1,10}\s*$/.test(text)) return undefined;
  return Number(text);
}

/** `<sip:a@b;x=y>;expires=60` → `sip:a@b;x=y`; `sip:a@b;expires=60` → `sip:a@b` (RFC 3261 §20). */
export function contactUriOf(value: string): string | undefined {
  const v = value.trim();
  if (v === '*' || v === '') return undefined;
  const open = v.indexOf('<');
  if (open >= 0) {
    const close = v.indexOf('>', open + 1);
    return close > open + 1 ? v.slice(open + 1, close) : undefined;
  }
  const semi = v.indexOf(';');
  return semi >= 0 ? v.slice(0, semi) : v;
}

/**
 * The first via-parm of a Via header value. sip.js's parsed `via` cannot be used for this: with
 * several via-parms in one header line (`Via: a, b`) it mixes the host and branch of the last one
 * with the port of the first.
 */
export function parseTopVia(value: string): SipRequest['topVia'] | undefined {
  const [first] = splitFirstVia(value);
  const m = /^\s*SIP\s*\/\s*2\.0\s*\/\s*[A-Za-z0-9.!%*_+`'~-]+\s+(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?:\s*:\s*(\d{1,5}))?\s*((?:;[^;]*)*)$/.exec(first);
  if (!m) return undefined;
  let branch: string | undefined;
  let rport = false;
  for (const param of m[3]!.split(';').slice(1)) {
    const [name = '', v] = param.split('=').map((x) => x.trim());
    if (name.toLowerCase() === 'branch') branch = v;
    else if (name.toLowerCase() === 'rport') rport = true;
  }
  return { host: m[1]!, port: m[2] !== undefined ? Number(m[2]) : undefined, branch, rport };
}

/** Parses one datagram. Responses, keep-alives and anything sip.js cannot parse come back as not ok. */
export function parseSipRequest(text: string): ParseOutcome {
  if (text.trim() === '') return { ok: false, reason: 'keep-alive' };
  lastParserComplaint = '';
  let message: ReturnType<typeof Core.Parser.parseMessage>;
  try {
    message = Core.Parser.parseMessage(text, parserLogger);
  } catch (err) {
    return { ok: false, reason: `unparseable: ${(err as Error).message}` };
  }
  if (!message) return { ok: false, reason: `unparseable: ${lastParserComplaint || 'sip.js rejected it'}` };
  if (!(message instanceof Core.IncomingRequestMessage)) return { ok: false, reason: 'a response (the lab only serves requests)' };
  const firstLine = text.slice(0, text.indexOf('\r\n'));
  const requestUri = firstLine.split(' ')[1] ?? '';
  const via = message.getHeaders('via');
  const cseq = message.getHeader('cseq');
  const from = message.getHeader('from');
  const to = message.getHeader('to');
  if (via.length === 0 || !message.via || !cseq || !from || !to || !message.callId) {
    return { ok: false, reason: 'missing Via, From, To, Call-ID or CSeq' };
  }
  const [cseqNumberText, cseqMethod] = cseq.trim().split(/\s+/);
  const cseqNumber = integer(cseqNumberText);
  if (cseqNumber === undefined || !cseqMethod) return { ok: false, reason: `bad CSeq "${cseq}"` };
  const topVia = parseTopVia(via[0]!);
  if (!topVia) return { ok: false, reason: `bad Via "${via[0]}"` };
  const contact = message.getHeader('contact');
  const contactParsed = message.headers.Contact?.[0]?.parsed as { getParam(name: string): string | undefined } | undefined;
  const fromUri = (message.from as unknown as { uri?: { user?: string } } | undefined)?.uri;
  const toUri = (message.to as unknown as { uri?: { user?: string } } | undefined)?.uri;
  return {
    ok: true,
    request: {
      method: message.method,
      requestUri,
      via,
      topVia,
      from,
      to,
      fromUser: fromUri?.user || undefined,
      toUser: toUri?.user || undefined,
      toTag: message.toTag || undefined,
      callId: message.callId,
      cseq,
      cseqNumber,
      cseqMethod: cseqMethod.toUpperCase(),
      contact,
      contactUri: contact !== undefined ? contactUriOf(contact) : undefined,
      contactExpires: integer(contactParsed?.getParam('expires') ?? undefined),
      expires: integer(message.getHeader('expires')),
      userAgent: message.getHeader('user-agent') || undefined,
      authorization: message.getHeader('authorization'),
      proxyAuthorization: message.getHeader('proxy-authorization'),
      recordRoute: message.getHeaders('record-route'),
      body: message.body ?? '',
    },
  };
}

/** Directives of a `Digest` Authorization value: quoted values with quotes stripped, escapes kept (RFC 5090 §2.1.2). */
export type DigestCredentials = Readonly<Record<string, string>>;

/**
 * Reads `Digest username="a\"b", nc=00000001, ...`. Names are lower-cased. Quoted values keep their
 * backslash escapes — the RADIUS client passes them on as written, the server un-escapes
 * (RFC 5090 §2.1.2). Returns undefined for another scheme or broken syntax.
 */
export function parseDigestCredentials(header: string): DigestCredentials | undefined {
  const m = /^\s*Digest\s+/i.exec(header);
  if (!m) return undefined;
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  let i = m[0].length;
  const s = header;
  for (;;) {
    while (i < s.length && /[\s,]/.test(s[i]!)) i++;
    if (i >= s.length) break;
    const nameMatch = /^[A-Za-z0-9_.!%*+`'~-]+/.exec(s.slice(i));
    if (!nameMatch) return undefined;
    const name = nameMatch[0].toLowerCase();
    i += nameMatch[0].length;
    while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
    if (s[i] !== '=') return undefined;
    i++;
    while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
    let value: string;
    if (s[i] === '"') {
      const start = ++i;
      while (i < s.length && s[i] !== '"') i += s[i] === '\\' ? 2 : 1;
      if (i >= s.length) return undefined;
      value = s.slice(start, i);
      i++;
    } else {
      const start = i;
      while (i < s.length && s[i] !== ',' && !/\s/.test(s[i]!)) i++;
      value = s.slice(start, i);
    }
    if (!(name in out)) out[name] = value;
  }
  return out;
}

/** Makes a value safe between double quotes: kept as is when it already is valid quoted-string content. */
export function quoteValue(value: string): string {
  const valid = /^(?:[^"\\\r\n]|\\[^\r\n])*$/.test(value);
  return `"${valid ? value : value.replace(/[\r\n]/g, ' ').replace(/["\\]/g, '\\$&')}"`;
}

export function newTag(): string {
  return randomBytes(6).toString('hex');
}

export interface ResponseInit {
  readonly status: number;
  readonly reason: string;
  /** Extra headers after the copied ones, in order. */
  readonly headers?: ReadonlyArray<readonly [name: string, value: string]>;
  readonly body?: string;
  readonly contentType?: string;
  /** To tag added when the request's To has none (RFC 3261 §8.2.6.2). Not added to 100 Trying. */
  readonly toTag?: string;
}

/** Splits a Via header value at its first top-level comma (several Vias may share one header line). */
function splitFirstVia(value: string): [first: string, rest: string] {
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '"') quoted = !quoted;
    else if (c === '\\' && quoted) i++;
    else if (c === ',' && !quoted) return [value.slice(0, i), value.slice(i)];
  }
  return [value, ''];
}

/**
 * The top Via as the response must carry it (RFC 3261 §18.2.1, RFC 3581 §4): `received` when the
 * sent-by host is not the packet's source address, `rport=<port>` when the client asked for it.
 */
export function stampTopVia(value: string, source: { address: string; port: number }, request: SipRequest): string {
  let [first, rest] = splitFirstVia(value);
  first = first.trimEnd();
  if (request.topVia.rport) first = first.replace(/;\s*rport(?:=[^;,\s]*)?/i, `;rport=${source.port}`);
  if (request.topVia.rport || stripBrackets(request.topVia.host) !== source.address) {
    if (!/;\s*received=/i.test(first)) first += `;received=${source.address}`;
  }
  return first + rest;
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** The sent-by address differs from where the packet came from: the FireBrick calls that NAT (spec §1.2). */
export function behindNat(request: SipRequest, source: { address: string }): boolean {
  return stripBrackets(request.topVia.host).toLowerCase() !== source.address.toLowerCase();
}

/**
 * A response to `request` (RFC 3261 §8.2.6): Via (top one stamped), From, To (with a tag), Call-ID
 * and CSeq copied; Record-Route copied into 2xx answers to INVITE (§12.1.1); Content-Length always.
 */
export function buildResponse(request: SipRequest, source: { address: string; port: number }, init: ResponseInit): string {
  const lines = [`SIP/2.0 ${init.status} ${init.reason}`];
  request.via.forEach((v, i) => lines.push(`Via: ${i === 0 ? stampTopVia(v, source, request) : v}`));
  lines.push(`From: ${request.from}`);
  const to = request.toTag === undefined && init.toTag !== undefined && init.status > 100 ? `${request.to};tag=${init.toTag}` : request.to;
  lines.push(`To: ${to}`);
  lines.push(`Call-ID: ${request.callId}`);
  lines.push(`CSeq: ${request.cseq}`);
  if (request.method === 'INVITE' && init.status >= 200 && init.status < 300) {
    for (const rr of request.recordRoute) lines.push(`Record-Route: ${rr}`);
  }
  for (const [name, value] of init.headers ?? []) lines.push(`${name}: ${value.replace(/[\r\n]+/g, ' ')}`);
  lines.push('Server: firebridge-lab');
  const body = init.body ?? '';
  if (body) lines.push(`Content-Type: ${init.contentType ?? 'text/plain;charset=utf-8'}`);
  lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}
