// RADIUS clients are identified by the UDP source address of the packet, never by NAS-IP-Address
// (RFC 2865 §3; on a FireBrick NAS-IP-Address is the SIP peer: spec §6.5).
import { BlockList, isIP } from 'node:net';

export interface RadiusClient {
  readonly name: string;
  /** IP address or CIDR prefix, IPv4 or IPv6. */
  readonly address: string;
  readonly secret: Buffer;
  /** Drop Access-Requests without a valid Message-Authenticator (BlastRADIUS, CVE-2024-3596). */
  readonly requireMessageAuthenticator: boolean;
}

export class ClientAddressError extends Error {
  override name = 'ClientAddressError';
}

interface Entry<C> {
  readonly client: C;
  readonly family: 'ipv4' | 'ipv6';
  readonly prefix: number;
  readonly list: BlockList;
}

/** Parses "192.0.2.1", "192.0.2.0/24", "2001:db8::/32" into family and prefix length. */
export function parseClientAddress(address: string): { family: 'ipv4' | 'ipv6'; network: string; prefix: number } {
  const [network = '', prefixText, ...rest] = address.trim().split('/');
  const version = isIP(network);
  if (version === 0 || rest.length > 0) throw new ClientAddressError(`"${address}" is not an IP address or CIDR prefix`);
  const family = version === 4 ? 'ipv4' : 'ipv6';
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!/^\d+$/.test(prefixText ?? String(max)) || prefix > max) {
    throw new ClientAddressError(`"${address}": prefix length must be 0..${max}`);
  }
  // Sources are looked up in plain IPv4 form (normalizeAddress), so an IPv4-mapped client address
  // must be stored the same way or it would be accepted here and never match a packet.
  const mapped = normalizeAddress(network.toLowerCase());
  if (mapped !== network) {
    if (prefix < 96) throw new ClientAddressError(`"${address}": an IPv4-mapped prefix must be /96 or longer`);
    return { family: 'ipv4', network: mapped, prefix: prefix - 96 };
  }
  return { family, network, prefix };
}

/** Dual-stack sockets report IPv4 peers as ::ffff:a.b.c.d; clients are written as plain IPv4. */
export function normalizeAddress(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

export class ClientTable<C extends RadiusClient = RadiusClient> {
  private readonly entries: Entry<C>[];
  private readonly cache = new Map<string, C | null>();

  constructor(clients: readonly C[]) {
    this.entries = clients
      .map((client) => {
        const { family, network, prefix } = parseClientAddress(client.address);
        const list = new BlockList();
        list.addSubnet(network, prefix, family);
        return { client, family, prefix, list };
      })
      // Most specific prefix wins, as in FreeRADIUS's client matching.
      .sort((a, b) => b.prefix - a.prefix);
  }

  get size(): number {
    return this.entries.length;
  }

  get all(): readonly C[] {
    return this.entries.map((e) => e.client);
  }

  find(sourceAddress: string): C | undefined {
    const address = normalizeAddress(sourceAddress);
    const cached = this.cache.get(address);
    if (cached !== undefined) return cached ?? undefined;
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    let found: C | null = null;
    for (const e of this.entries) {
      if (e.family === family && e.list.check(address, family)) {
        found = e.client;
        break;
      }
    }
    // Bounded: a scan from many spoofed sources must not grow memory without limit.
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(address, found);
    return found ?? undefined;
  }
}
