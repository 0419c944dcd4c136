// Result URL downloads: a name is resolved first (the resolver is injected; the CLI and the host
// pass node:dns) and every address it resolves to must pass the address-class rules.
import assert from 'node:assert/strict';
import { fetchResultUrl } from '../../../src/core/client/transport';
import { isImageStudioError } from '../../../src/core/client/errors';
import type { FetchLike } from '../../../src/core/types';

const PUBLIC_BASE = 'https://api.openai.com/v1';

function recordingFetch(reached: string[]): FetchLike {
  return async (url) => {
    reached.push(url);
    return new Response('ok', { status: 200 });
  };
}

async function download(url: string, addresses: string[], baseUrl = PUBLIC_BASE): Promise<{ reached: string[]; error?: unknown }> {
  const reached: string[] = [];
  try {
    await fetchResultUrl(recordingFetch(reached), url, baseUrl, {}, { what: 'the result URL' }, async () => addresses);
    return { reached };
  } catch (error) {
    return { reached, error };
  }
}

describe('result URL: every resolved address is checked', () => {
  for (const addresses of [['127.0.0.1'], ['::1'], ['93.184.216.34', '169.254.169.254'], ['100.100.100.200'], ['fd00:ec2::254']]) {
    it(`a public name resolving to ${addresses.join(', ')} is refused before connecting`, async () => {
      const { reached, error } = await download('https://cdn.example.net/img.png', addresses);
      assert.ok(isImageStudioError(error) && error.code === 'address_refused', String(error));
      assert.match((error as Error).message, /cdn\.example\.net, which resolves to /);
      assert.deepEqual(reached, []);
    });
  }

  it('public and private-network addresses pass (private endpoints, split DNS)', async () => {
    assert.deepEqual((await download('https://cdn.example.net/img.png', ['93.184.216.34', '10.1.2.3'])).reached, [
      'https://cdn.example.net/img.png',
    ]);
  });

  it('loopback is allowed when the base URL is on loopback itself', async () => {
    const { reached, error } = await download('http://files.test/img.png', ['127.0.0.1'], 'http://127.0.0.1:8080/v1');
    assert.equal(error, undefined);
    assert.deepEqual(reached, ['http://files.test/img.png']);
  });

  it('a name that does not resolve here is left to the connection (a proxy may resolve it)', async () => {
    const reached: string[] = [];
    await fetchResultUrl(
      recordingFetch(reached),
      'https://cdn.example.net/img.png',
      PUBLIC_BASE,
      {},
      { what: 'the result URL' },
      async () => {
        throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
      },
    );
    assert.deepEqual(reached, ['https://cdn.example.net/img.png']);
  });

  it('a redirect to a name resolving to metadata is refused', async () => {
    const reached: string[] = [];
    const fetch: FetchLike = async (url) => {
      reached.push(url);
      return new Response(null, { status: 302, headers: { location: 'https://evil.example.org/creds' } });
    };
    const lookup = async (name: string) => (name === 'evil.example.org' ? ['169.254.169.254'] : ['93.184.216.34']);
    await assert.rejects(
      fetchResultUrl(fetch, 'https://cdn.example.net/img.png', PUBLIC_BASE, {}, { what: 'the result URL' }, lookup),
      /evil\.example\.org, which resolves to 169\.254\.169\.254/,
    );
    assert.deepEqual(reached, ['https://cdn.example.net/img.png']);
  });
});
