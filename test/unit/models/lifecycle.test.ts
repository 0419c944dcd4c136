// Lifecycle from the server: GET /v1/models `shutdown_date` against the fake, cached at most daily,
// overriding the table; "today" is always injected.
import assert from 'node:assert/strict';
import { fetchServerModels, parseModelsList } from '../../../src/core/client/modelsList';

import { effectiveStatus, type ServerModels } from '../../../src/core/models/lifecycle';
import { LifecycleCache, lifecycleKey } from '../../../src/core/models/lifecycleCache';
import type { ProviderConfig } from '../../../src/core/types';
import { useFakeImagesApi } from '../../support/fakeImagesApi';
import { CANARY_KEY, clientFor, undiciFetchLike } from '../support';
import { BUILT_IN_MODELS } from '../../../src/core/models/modelCatalogue';

const TODAY = '2026-12-01';
const NEXT_WEEK = '2026-12-08';
const YESTERDAY = '2026-11-30';

describe('lifecycle: the server decides over the table', () => {
  const server = (models: Record<string, string | null>): ServerModels => ({
    fetchedOn: TODAY,
    models: Object.entries(models).map(([id, shutdownDate]) => ({ id, shutdownDate })),
  });

  it('warns with the date ahead, refuses from it, and names a replacement', () => {
    const caps = BUILT_IN_MODELS.capabilities('gpt-image-2.5-flare');
    const ahead = effectiveStatus(caps, 'openai', TODAY, server({ 'gpt-image-2.5-flare': NEXT_WEEK }));
    assert.deepEqual(
      [ahead.state, ahead.shutdown, ahead.replacement, ahead.source],
      ['deprecated', NEXT_WEEK, 'gpt-image-2.6-sunburst', 'server'],
    );
    assert.match(
      ahead.message!,
      /gpt-image-2.5-flare shuts down on 2026-12-08 \(as the server lists it\); switch to gpt-image-2.6-sunburst/,
    );
    const past = effectiveStatus(caps, 'openai', TODAY, server({ 'gpt-image-2.5-flare': YESTERDAY }));
    assert.equal(past.state, 'retired');
    assert.match(past.message!, /was shut down on 2026-11-30/);
  });

  it('keeps the table replacement when the server dates a model the table already replaces', () => {
    const s = effectiveStatus(
      BUILT_IN_MODELS.capabilities('gpt-image-1-mini'),
      'openai',
      '2026-11-20',
      server({ 'gpt-image-1-mini': '2026-11-15' }),
    );
    assert.deepEqual([s.state, s.shutdown, s.replacement], ['retired', '2026-11-15', 'gpt-image-2.6-flare']);
  });

  it('a listed model without a shutdown date is current there, even if the table retired it; unlisted ones follow the table', () => {
    assert.equal(effectiveStatus(BUILT_IN_MODELS.capabilities('dall-e-2'), 'openai', TODAY, server({ 'dall-e-2': null })).state, 'current');
    assert.equal(effectiveStatus(BUILT_IN_MODELS.capabilities('dall-e-2'), 'openai', TODAY, server({})).state, 'retired');
    assert.equal(
      effectiveStatus(BUILT_IN_MODELS.capabilities('gpt-image-2'), 'openai', TODAY, server({ 'gpt-image-2': 'not-a-date' })).state,
      'current',
    );
  });

  it('reads a models list defensively: bad entries are skipped, bad dates become null', () => {
    const parsed = parseModelsList(
      { data: [{ id: 'a', shutdown_date: '2027-01-01' }, { id: 7 }, { id: 'b', shutdown_date: 'soon' }, null] },
      TODAY,
    );
    assert.deepEqual(parsed, {
      fetchedOn: TODAY,
      models: [
        { id: 'a', shutdownDate: '2027-01-01' },
        { id: 'b', shutdownDate: null },
      ],
    });
    assert.equal(parseModelsList({ object: 'list' }, TODAY), undefined);
  });
});

describe('lifecycle against the fake: GET /v1/models, cached daily', () => {
  const fake = useFakeImagesApi({ apiKey: CANARY_KEY });
  let provider: ProviderConfig;
  before(() => {
    provider = { kind: 'openai', baseUrl: fake.baseUrl };
  });
  beforeEach(() => {
    fake.setMode({
      provider: 'openai',
      models: { 'gpt-image-2.6-sunburst': null, 'gpt-image-2.5-flare': NEXT_WEEK, 'gpt-image-1.5': '2026-12-01' },
    });
  });

  it('asks with the key in the Authorization header only, and lists each model with its shutdown_date', async () => {
    const answer = await fetchServerModels(provider, CANARY_KEY, undiciFetchLike, TODAY);
    assert.deepEqual(
      answer?.models.find((m) => m.id === 'gpt-image-2.5-flare'),
      { id: 'gpt-image-2.5-flare', shutdownDate: NEXT_WEEK },
    );
    assert.equal(fake.modelListRequests[0]!.headers.authorization, `Bearer ${CANARY_KEY}`);
    assert.equal(fake.modelListRequests[0]!.path, '/v1/models');
    assert.equal(await fetchServerModels(provider, 'sk-wrong', undiciFetchLike, TODAY), undefined, 'a refused key is no answer');
    assert.equal(
      await fetchServerModels({ kind: 'azure', endpoint: fake.url, deployment: 'd' }, CANARY_KEY, undiciFetchLike, TODAY),
      undefined,
      'Azure is not asked',
    );
  });

  it('refreshes at most once a day, and a server without the list is asked once a day, not per request', async () => {
    const stored = new Map<string, ServerModels>();
    const cache = new LifecycleCache({ get: (k) => stored.get(k), set: (k, v) => void stored.set(k, v) }, undiciFetchLike);
    await cache.refresh(provider, CANARY_KEY, TODAY);
    await cache.refresh(provider, CANARY_KEY, TODAY);
    assert.equal(fake.modelListRequests.length, 1);
    assert.equal(cache.current(provider)?.fetchedOn, TODAY);
    assert.ok(
      ![...stored.keys()].some((k) => k.includes(CANARY_KEY)) && !JSON.stringify([...stored.values()]).includes(CANARY_KEY),
      'the key is never cached',
    );
    assert.equal(lifecycleKey(provider), `openai:${new URL(fake.baseUrl).host}`);
    await cache.refresh(provider, CANARY_KEY, '2026-12-02');
    assert.equal(fake.modelListRequests.length, 2, 'the next day asks again');
    fake.setMode({ models: false });
    await cache.refresh(provider, CANARY_KEY, '2026-12-03');
    await cache.refresh(provider, CANARY_KEY, '2026-12-03');
    assert.equal(fake.modelListRequests.length, 3);
    assert.equal(cache.current(provider)?.fetchedOn, '2026-12-02', 'the last answer is kept when the server stops answering');
  });

  it('a date the fake sets to next week warns with it; yesterday refuses before sending, naming the replacement', async () => {
    const answer = await fetchServerModels(provider, CANARY_KEY, undiciFetchLike, TODAY);
    const client = clientFor(fake, { today: TODAY, serverModels: () => answer });
    const result = await client.generate({ model: 'gpt-image-2.5-flare', prompt: 'x', size: '1024x1024' });
    assert.match(
      result.warnings?.join() ?? '',
      /gpt-image-2.5-flare shuts down on 2026-12-08 \(as the server lists it\); switch to gpt-image-2.6-sunburst/,
    );
    assert.equal(fake.requests.length, 1);
    fake.setMode({ models: { 'gpt-image-2.5-flare': YESTERDAY } });
    const later = await fetchServerModels(provider, CANARY_KEY, undiciFetchLike, TODAY);
    const refused = await clientFor(fake, { today: TODAY, serverModels: () => later })
      .generate({ model: 'gpt-image-2.5-flare', prompt: 'x' })
      .then(
        () => undefined,
        (e: unknown) => e as Error & { kind: string; replacement: string },
      );
    assert.equal(refused?.kind, 'model_retired');
    assert.equal(refused?.replacement, 'gpt-image-2.6-sunburst');
    assert.match(refused!.message, /shut down on 2026-11-30 .*use gpt-image-2.6-sunburst instead\. Nothing was sent/);
    assert.equal(fake.requests.length, 1, 'nothing more was sent');
  });
});
