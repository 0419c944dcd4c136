// The extension host resolves result URL names itself before downloading, so core can refuse a
// public name that points at the cloud metadata service or loopback (the host is Node).
import { lookup } from 'node:dns/promises';
import type { HostLookup } from '../../core/types';

/** Every address a name resolves to, as the operating system's resolver gives them. */
export const lookupAllAddresses: HostLookup = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);
