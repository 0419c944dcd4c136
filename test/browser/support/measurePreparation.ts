// Preparation timings in real Chromium, for `npm run bench chromium` (scripts/bench/chromiumImages.mjs).
import type { Page } from 'playwright-core';
import type { LabPrepareTarget } from './imageLabApi';
import { labCall } from './labCall';

/** One input to time. */
export interface TimedInput {
  name: string;
  bytes: Uint8Array;
  mime: string;
}

/** Median and all runs of one input, in milliseconds. */
export interface PreparationMeasurement {
  name: string;
  medianMs: number;
  runsMs: number[];
  /** Median of each phase. */
  decodeMs: number;
  drawMs: number;
  encodeMs: number;
  outputBytes: number;
}

/** Prepares each file `runs` times on a page that serves the image lab (after one warm-up) and reports medians. */
export async function measurePreparation(
  page: Page,
  files: TimedInput[],
  target: LabPrepareTarget = { square: 'crop', sizes: [1024], maxBytes: 4 * 1024 * 1024 },
  runs = 5,
): Promise<PreparationMeasurement[]> {
  const results: PreparationMeasurement[] = [];
  for (const file of files) {
    await labCall(page, 'prepare', file.bytes, file.mime, target); // warm-up: first use compiles and allocates
    const timings = [];
    let outputBytes = 0;
    for (let i = 0; i < runs; i++) {
      const r = await labCall(page, 'prepare', file.bytes, file.mime, target);
      timings.push(r.timing);
      outputBytes = r.bytes.length;
    }
    results.push({
      name: file.name,
      runsMs: timings.map((t) => round(t.totalMs)),
      medianMs: median(timings.map((t) => t.totalMs)),
      decodeMs: median(timings.map((t) => t.decodeMs)),
      drawMs: median(timings.map((t) => t.drawMs)),
      encodeMs: median(timings.map((t) => t.encodeMs)),
      outputBytes,
    });
  }
  return results;
}

/** Median of a list of numbers, rounded to 0.1. */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return round(s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2);
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
