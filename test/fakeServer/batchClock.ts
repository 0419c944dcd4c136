// The demo's batch clock: `npm start` has no test to move batches through their states, so a
// batch submitted there would stay "validating" for ever. Each tick moves every batch one step
// (validating → in_progress → a few lines → finalizing → completed; cancelling → cancelled), so
// Build All as a Batch, its status, Collect and Cancel all finish within seconds. Tests never
// start it: they move batches by hand (FakeBatchControl), and a test can call tick() itself.
import type { FakeBatchControl } from './batchApi';

/** How many lines an in-progress batch runs per tick (request_counts go up between polls). */
const LINES_PER_TICK = 2;

const RESTING = new Set(['completed', 'failed', 'expired', 'cancelled']);

/** One step for every batch not at rest; returns how many moved. */
export async function tickBatches(control: FakeBatchControl): Promise<number> {
  let moved = 0;
  for (const batch of control.list()) {
    const id = String(batch.id);
    const status = String(batch.status);
    if (RESTING.has(status)) continue;
    const counts = batch.request_counts as { total: number; completed: number; failed: number };
    if (status === 'in_progress' && counts.completed + counts.failed < counts.total) await control.process(LINES_PER_TICK, id);
    else await control.advance(id);
    moved++;
  }
  return moved;
}

/** Ticks every `stepMs` until stopped (the demo's fake process; never a test). */
export function startBatchClock(control: FakeBatchControl, stepMs: number): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void tickBatches(control)
      .catch((e: unknown) => process.stderr.write(`fake-api: batch clock: ${String(e)}\n`))
      .finally(() => (running = false));
  }, stepMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
