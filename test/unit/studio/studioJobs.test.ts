import assert from 'node:assert/strict';
import type { GenerateParams, JobCallbacks, JobOutcome, SavedImage } from '../../../src/host/services/jobTypes';
import type { Log } from '../../../src/host/services/log';
import type { ResultRegistry } from '../../../src/host/studio/resultRegistry';
import { StudioJobs } from '../../../src/host/studio/studioJobs';
import type { ResultView, ToWebview } from '../../../src/shared/protocol';

function saved(id: string, index: number): SavedImage {
  return {
    id,
    index,
    uri: { path: `/ws/images/${id}.png` } as SavedImage['uri'],
    relativePath: `images/${id}.png`,
    format: 'png',
    prompt: 'p',
    model: 'gpt-image-2',
    route: 'generations',
  };
}

/** A StudioJobs whose engine is driven step by step by the test. */
function setup() {
  const posted: ToWebview[] = [];
  const added: string[] = [];
  let callbacks!: JobCallbacks;
  let signal!: AbortSignal;
  let finish!: (o: JobOutcome) => void;
  let fail!: (e: Error) => void;
  const engine = {
    generate: (_p: GenerateParams, c: JobCallbacks, s: AbortSignal) => {
      callbacks = c;
      signal = s;
      return new Promise<JobOutcome>((ok, ko) => {
        finish = ok;
        fail = ko;
      });
    },
  };
  const registry = { addToBatch: (_batch: string, image: SavedImage) => added.push(image.id) } as unknown as ResultRegistry;
  const log = { info() {}, warn() {}, error() {}, debug() {} } as unknown as Log;
  const output = {
    post: (m: ToWebview) => posted.push(m),
    // Views take a moment (reading bytes): the end of the job must still come after them.
    view: async (image: SavedImage): Promise<ResultView> => {
      await new Promise((r) => setTimeout(r, 20));
      return {
        id: image.id,
        image: { kind: 'uri', uri: `vscode-resource:${image.uri.path}` },
        relativePath: image.relativePath,
        fileName: `${image.id}.png`,
        prompt: image.prompt,
        model: image.model,
        index: image.index,
        hasSidecar: false,
      };
    },
  };
  const jobs = new StudioJobs(engine, registry, log, () => output);
  return {
    jobs,
    posted,
    added,
    cb: () => callbacks,
    signal: () => signal,
    finish: (o: JobOutcome) => finish(o),
    fail: (e: Error) => fail(e),
  };
}

const start = (jobs: StudioJobs, jobId: string) =>
  jobs.start({ type: 'generate', jobId, params: { prompt: 'a fox', model: 'gpt-image-2' } });

describe('Studio jobs', () => {
  it('forwards stages and previews (as a fresh Uint8Array), saves results, and ends after the last image is shown', async () => {
    const t = setup();
    const done = start(t.jobs, 'job-1');
    t.cb().onStage?.('Generating…');
    const pooled = Buffer.from([1, 2, 3]);
    t.cb().onPartial?.({ imageIndex: 0, partialIndex: 0, bytes: pooled, format: 'png' });
    assert.deepEqual(t.jobs.running(), { jobId: 'job-1', prompt: 'a fox', stage: 'Generating…' });
    t.cb().onSaved?.(saved('img-1', 0));
    t.finish({ saved: [saved('img-1', 0)], failures: [], cancelled: false, warnings: ['w'] });
    await done;
    assert.deepEqual(
      t.posted.map((m) => m.type),
      ['progress', 'partialImage', 'imageSaved', 'jobFinished'],
    );
    const partial = t.posted[1] as Extract<ToWebview, { type: 'partialImage' }>;
    assert.equal(partial.bytes.constructor, Uint8Array, 'not a Node Buffer');
    assert.notEqual(partial.bytes.buffer, pooled.buffer, 'copied out of the pool');
    assert.equal(partial.mimeType, 'image/png');
    assert.deepEqual(t.added, ['img-1']);
    assert.deepEqual(t.posted[3], { type: 'jobFinished', jobId: 'job-1', saved: 1, failures: [], warnings: ['w'], cancelled: false });
    assert.equal(t.jobs.running(), undefined);
  });

  it('runs one job at a time', async () => {
    const t = setup();
    const first = start(t.jobs, 'job-1');
    await start(t.jobs, 'job-2');
    assert.equal(t.posted.at(-1)?.type, 'jobFinished');
    assert.match((t.posted.at(-1) as { error?: string }).error ?? '', /already running/);
    t.finish({ saved: [], failures: [], cancelled: false, warnings: [] });
    await first;
  });

  it('cancels through the AbortSignal, only for the job named', async () => {
    const t = setup();
    const done = start(t.jobs, 'job-1');
    t.jobs.cancel('job-other');
    assert.equal(t.signal().aborted, false);
    t.jobs.cancel('job-1');
    assert.equal(t.signal().aborted, true);
    t.fail(new Error('The operation was aborted'));
    await done;
    assert.deepEqual(t.posted.at(-1), {
      type: 'jobFinished',
      jobId: 'job-1',
      saved: 0,
      failures: [],
      warnings: [],
      cancelled: true,
      error: undefined,
    });
  });

  it('reports a failure before sending (no key, no folder) as the job’s error', async () => {
    const t = setup();
    const done = start(t.jobs, 'job-1');
    t.fail(new Error('No API key is set.'));
    await done;
    assert.equal((t.posted.at(-1) as { error?: string }).error, 'No API key is set.');
  });
});
