// Which kind of network a URL's host is on: from the literal text (addressClass) and, when the
// caller can resolve names, from every address a name resolves to (resolvedAddressClass).

/** `metadata`: link-local and cloud-metadata; `loopback`; `private`: RFC 1918/4193 networks. */
export type AddressClass = 'public' | 'private' | 'loopback' | 'metadata';

const METADATA_NAMES = new Set(['metadata', 'metadata.google.internal', 'metadata.goog', 'instance-data', 'instance-data.ec2.internal']);

/** Classifies a URL hostname (as `new URL().hostname` gives it: IPv4 normalised, IPv6 in brackets). */
export function addressClass(hostname: string): AddressClass {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (METADATA_NAMES.has(host)) return 'metadata';
  if (host === 'localhost' || host.endsWith('.localhost')) return 'loopback';
  if (host.startsWith('[')) return ipv6Class(host.slice(1, -1));
  const v4 = ipv4(host);
  return v4 ? ipv4Class(v4) : 'public';
}

/** True when the hostname is an IP literal (nothing to resolve). */
export function isIpLiteral(hostname: string): boolean {
  return hostname.startsWith('[') || ipv4(hostname) !== undefined;
}

/**
 * Classifies an address as a resolver gives it (`169.254.169.254`, `::ffff:169.254.169.254`,
 * `fe80::1%eth0`); IPv6 is normalised through the URL parser so every spelling classifies alike.
 */
export function resolvedAddressClass(address: string): AddressClass {
  if (!address.includes(':')) return ipv4(address) ? addressClass(address) : 'metadata';
  try {
    return addressClass(new URL(`http://[${address.replace(/%.*$/, '')}]/`).hostname);
  } catch {
    // Not an address at all: treat as the strictest class rather than let it through.
    return 'metadata';
  }
}

function ipv4(host: string): number[] | undefined {
  const parts = host.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.map(Number);
}

function ipv4Class([a, b, c, d]: number[]): AddressClass {
  if (a === 169 && b === 254) return 'metadata';
  // Alibaba Cloud's metadata service.
  if (a === 100 && b === 100 && c === 100 && d === 200) return 'metadata';
  if (a === 127 || a === 0) return 'loopback';
  if (a === 10 || (a === 172 && b! >= 16 && b! <= 31) || (a === 192 && b === 168)) return 'private';
  return 'public';
}

function ipv6Class(addr: string): AddressClass {
  if (addr === '::1' || addr === '::') return 'loopback';
  // IPv4-mapped (::ffff:a9fe:a9fe once normalised by the URL parser).
  const [, high, low] = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(addr) ?? [];
  if (high !== undefined && low !== undefined) {
    const hi = parseInt(high, 16);
    const lo = parseInt(low, 16);
    return ipv4Class([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  }
  if (addr === 'fd00:ec2::254') return 'metadata';
  if (/^fe[89ab][0-9a-f]:/.test(addr)) return 'metadata';
  if (/^f[cd][0-9a-f]{2}:/.test(addr)) return 'private';
  return 'public';
}
