// Client lookup by UDP source address (RFC 2865 §3, spec §8.1): IPv4/IPv6 hosts and prefixes,
// dual-stack mapped addresses, most specific prefix first, and clear errors for bad configuration.
import { describe, expect, it } from 'vitest';
import { ClientAddressError, ClientTable, normalizeAddress, parseClientAddress, type RadiusClient } from '../../src/radius/clients.js';

const client = (name: string, address: string): RadiusClient => ({
  name,
  address,
  secret: Buffer.from(`${name}-secret-0123456789`),
  requireMessageAuthenticator: true,
});

const nameFor = (table: ClientTable, address: string): string | undefined => table.find(address)?.name;

describe('ClientTable.find', () => {
  it('matches an IPv4 host exactly', () => {
    const t = new ClientTable([client('fb', '192.0.2.10')]);
    expect(nameFor(t, '192.0.2.10')).toBe('fb');
    expect(nameFor(t, '192.0.2.11')).toBeUndefined();
    expect(nameFor(t, '192.0.2.1')).toBeUndefined();
  });

  it('matches an IPv4 CIDR prefix, including its edges', () => {
    const t = new ClientTable([client('lan', '198.51.100.0/24')]);
    expect(nameFor(t, '198.51.100.0')).toBe('lan');
    expect(nameFor(t, '198.51.100.77')).toBe('lan');
    expect(nameFor(t, '198.51.100.255')).toBe('lan');
    expect(nameFor(t, '198.51.101.0')).toBeUndefined();
    expect(nameFor(t, '198.51.99.255')).toBeUndefined();
  });

  it('matches IPv6 hosts and prefixes, whatever the spelling', () => {
    const t = new ClientTable([client('host6', '2001:db8::10'), client('net6', '2001:db8:1::/48'), client('lo6', '::1')]);
    expect(nameFor(t, '2001:db8::10')).toBe('host6');
    expect(nameFor(t, '2001:0db8:0000:0000:0000:0000:0000:0010')).toBe('host6');
    expect(nameFor(t, '2001:db8::11')).toBeUndefined();
    expect(nameFor(t, '2001:db8:1:ffff::1')).toBe('net6');
    expect(nameFor(t, '2001:db8:2::1')).toBeUndefined();
    expect(nameFor(t, '::1')).toBe('lo6');
  });

  it('treats ::ffff:-mapped IPv4 (dual-stack sockets) as the IPv4 address', () => {
    const t = new ClientTable([client('v4', '127.0.0.1'), client('net4', '192.0.2.0/24')]);
    expect(nameFor(t, '::ffff:127.0.0.1')).toBe('v4');
    expect(nameFor(t, '::ffff:192.0.2.200')).toBe('net4');
    expect(nameFor(t, '::ffff:192.0.3.1')).toBeUndefined();
    expect(normalizeAddress('::ffff:192.0.2.1')).toBe('192.0.2.1');
    // Not a mapped IPv4 address: left alone.
    expect(normalizeAddress('::ffff:1')).toBe('::ffff:1');
    expect(normalizeAddress('2001:db8::1')).toBe('2001:db8::1');
  });

  it('never lets an IPv4 prefix match IPv6 sources or the other way round', () => {
    const t = new ClientTable([client('all4', '0.0.0.0/0')]);
    expect(nameFor(t, '203.0.113.9')).toBe('all4');
    expect(nameFor(t, '::1')).toBeUndefined();
    expect(nameFor(t, '2001:db8::1')).toBeUndefined();
    const t6 = new ClientTable([client('all6', '::/0')]);
    expect(nameFor(t6, '2001:db8::1')).toBe('all6');
    expect(nameFor(t6, '127.0.0.1')).toBeUndefined();
    expect(nameFor(t6, '::ffff:127.0.0.1')).toBeUndefined();
  });

  it('picks the most specific prefix, whatever the configuration order', () => {
    const clients = [client('world', '0.0.0.0/0'), client('lan', '10.0.0.0/8'), client('office', '10.1.0.0/16'), client('box', '10.1.2.3')];
    const orders = [clients, [...clients].reverse(), [clients[2]!, clients[0]!, clients[3]!, clients[1]!]];
    for (const order of orders) {
      const t = new ClientTable(order);
      expect(nameFor(t, '10.1.2.3')).toBe('box');
      expect(nameFor(t, '10.1.2.4')).toBe('office');
      expect(nameFor(t, '10.2.0.1')).toBe('lan');
      expect(nameFor(t, '192.0.2.1')).toBe('world');
    }
    const six = [client('wide', '2001:db8::/32'), client('narrow', '2001:db8:aa::/48')];
    for (const order of [six, [...six].reverse()]) {
      const t = new ClientTable(order);
      expect(nameFor(t, '2001:db8:aa::5')).toBe('narrow');
      expect(nameFor(t, '2001:db8:bb::5')).toBe('wide');
    }
  });

  it('returns undefined for unknown sources, also on repeated (cached) lookups', () => {
    const t = new ClientTable([client('fb', '192.0.2.10')]);
    for (let i = 0; i < 3; i++) {
      expect(t.find('203.0.113.1')).toBeUndefined();
      expect(nameFor(t, '192.0.2.10')).toBe('fb');
    }
    expect(new ClientTable([]).find('127.0.0.1')).toBeUndefined();
  });

  it('keeps answering correctly after many distinct sources (bounded cache)', () => {
    const t = new ClientTable([client('net', '10.0.0.0/8')]);
    for (let i = 0; i < 12_000; i++) {
      const a = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
      expect(t.find(a)?.name).toBe('net');
    }
    expect(nameFor(t, '11.0.0.1')).toBeUndefined();
    expect(nameFor(t, '10.0.0.1')).toBe('net');
  });

  // Sources are normalised to plain IPv4 before lookup, so a mapped client address must be too.
  it('a client written as ::ffff:a.b.c.d is matched (or refused), never silently dead', () => {
    let table: ClientTable | undefined;
    try {
      table = new ClientTable([client('mapped', '::ffff:192.0.2.1')]);
    } catch (err) {
      expect(err).toBeInstanceOf(ClientAddressError);
      return;
    }
    expect(nameFor(table, '::ffff:192.0.2.1')).toBe('mapped');
  });

  it('exposes its clients and size', () => {
    const t = new ClientTable([client('a', '127.0.0.1'), client('b', '::1')]);
    expect(t.size).toBe(2);
    expect(t.all.map((c) => c.name).sort()).toEqual(['a', 'b']);
  });
});

describe('client addresses in the configuration', () => {
  it('parses hosts and prefixes into family and prefix length', () => {
    expect(parseClientAddress('192.0.2.1')).toEqual({ family: 'ipv4', network: '192.0.2.1', prefix: 32 });
    expect(parseClientAddress('192.0.2.0/24')).toEqual({ family: 'ipv4', network: '192.0.2.0', prefix: 24 });
    expect(parseClientAddress('0.0.0.0/0')).toEqual({ family: 'ipv4', network: '0.0.0.0', prefix: 0 });
    expect(parseClientAddress('2001:db8::/32')).toEqual({ family: 'ipv6', network: '2001:db8::', prefix: 32 });
    expect(parseClientAddress('::1')).toEqual({ family: 'ipv6', network: '::1', prefix: 128 });
    expect(parseClientAddress(' 10.0.0.0/8 ')).toEqual({ family: 'ipv4', network: '10.0.0.0', prefix: 8 });
  });

  it.each([
    ['', /is not an IP address or CIDR prefix/],
    ['fb.example.com', /"fb\.example\.com" is not an IP address or CIDR prefix/],
    ['192.0.2', /"192\.0\.2" is not an IP address/],
    ['256.0.0.1', /"256\.0\.0\.1" is not an IP address/],
    ['192.0.2.0/24/8', /"192\.0\.2\.0\/24\/8" is not an IP address or CIDR prefix/],
    ['/24', /is not an IP address/],
    ['192.0.2.0/33', /"192\.0\.2\.0\/33": prefix length must be 0\.\.32/],
    ['2001:db8::/129', /"2001:db8::\/129": prefix length must be 0\.\.128/],
    ['192.0.2.0/', /prefix length must be 0\.\.32/],
    ['192.0.2.0/-1', /prefix length must be 0\.\.32/],
    ['192.0.2.0/abc', /prefix length must be 0\.\.32/],
    ['192.0.2.0/2.5', /prefix length must be 0\.\.32/],
    ['192.0.2.0/1e1', /prefix length must be 0\.\.32/],
  ])('refuses %j with a clear ClientAddressError', (address, message) => {
    let error: unknown;
    try {
      parseClientAddress(address);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ClientAddressError);
    expect((error as Error).name).toBe('ClientAddressError');
    expect((error as Error).message).toMatch(message);
    // The table refuses the same configuration.
    expect(() => new ClientTable([client('bad', address)])).toThrow(ClientAddressError);
  });
});
