// The CLI's adapter to the job engine: what differs from the extension and nothing else. Node's fs,
// pixel work in this thread, the system clock (or the day IMAGE_STUDIO_TODAY pins), decisions from
// flags, progress on stderr. Every command (generate, edit, variation, assets build, batch collect)
// takes its key, calendar, client and adapters from here.
import { calendarFromEnvironment, todayOn, type Calendar } from '../core/calendar';
import { ImageStudioError } from '../core/client/errors';
import { createImagesClient, type ImagesClient } from '../core/client/imagesClient';
import { timerClock } from '../core/client/retry';
import type { EngineAdapters, EngineEvent } from '../core/engine/engineTypes';
import { runPixelJob } from '../core/image/pixelJobs';
import { KEY_COLOUR } from '../core/image/keyColour';
import type { ServerModels } from '../core/models/lifecycle';
import type { ModelCatalogue } from '../core/models/modelCatalogue';
import type { LogSink, PartialImage, ProviderConfig } from '../core/types';
import type { CliIo } from './cliIo';
import { nodeFileSystem } from './nodeFileSystem';
import { UsageError } from './usage';

/** The system's time: the one place the CLI reads the clock. */
export const systemCalendar: Calendar = { now: () => new Date() };

/** The calendar of this run: IMAGE_STUDIO_TODAY pins the day; a value that is not a date is a usage error. */
export function cliCalendar(env: NodeJS.ProcessEnv): Calendar {
  try {
    return calendarFromEnvironment(env, systemCalendar);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** The key for the provider, from the environment only (never a flag: flags end up in shell history). */
export function cliApiKey(provider: ProviderConfig, env: NodeJS.ProcessEnv, required: boolean): string {
  const key = provider.kind === 'azure' ? env.AZURE_OPENAI_API_KEY || env.OPENAI_API_KEY || '' : env.OPENAI_API_KEY || '';
  if (required && !key && provider.kind !== 'compatible') throw new UsageError('set OPENAI_API_KEY (the key is never taken from a flag)');
  return key;
}

/** What a CLI client is made with. */
export interface CliClientOptions {
  provider: ProviderConfig;
  apiKey: string;
  today: string;
  timeoutMs: number;
  maxRetries: number;
  server?: ServerModels;
  /** This run's models (loadModelCatalogue). */
  models: ModelCatalogue;
  log?: LogSink;
}

/** The Images API client over the CLI's transport, on the system clock. */
export function cliClient(io: CliIo, o: CliClientOptions): ImagesClient {
  return createImagesClient(o.provider, o.apiKey, io.fetch, {
    today: o.today,
    timeoutMs: o.timeoutMs,
    maxRetries: o.maxRetries,
    models: o.models,
    clock: timerClock(() => Date.now()),
    ...(o.server ? { serverModels: () => o.server } : {}),
    ...(io.lookupHost ? { lookupHost: io.lookupHost } : {}),
    ...(o.log ? { log: o.log } : {}),
  });
}

/** How the CLI answers and reports. */
export interface CliEngineOptions {
  calendar: Calendar;
  /** `--transparency-fallback` was given. */
  transparencyFallback: boolean;
  /** Notes for people on stderr; silent with --json. */
  note?(text: string): void;
}

/** The engine's adapters for the CLI. */
export function cliAdapters(o: CliEngineOptions): EngineAdapters {
  return {
    fs: nodeFileSystem,
    pixels: runPixelJob,
    now: () => o.calendar.now(),
    decide: {
      // The CLI asks nobody: the flag decides, and its absence says how to give it.
      async transparencyFallback(model, refusal) {
        if (o.transparencyFallback) return true;
        throw new ImageStudioError(
          'invalid_request',
          `${model} refused a transparent background (on gpt-image-2 it is only a preview). Add --transparency-fallback to generate on a flat ${KEY_COLOUR.hex} background and remove it locally. ${refusal}`,
        );
      },
    },
    ...(o.note ? { onEvent: (e: EngineEvent) => describe(e, o.note!), onPartial: (p: PartialImage) => partial(p, o.note!) } : {}),
  };
}

function describe(e: EngineEvent, note: (text: string) => void): void {
  if (e.type === 'fallback')
    note(
      `note: ${e.model} refused a transparent background; generating on ${KEY_COLOUR.hex} and removing it locally (--transparency-fallback)`,
    );
}

function partial(p: PartialImage, note: (text: string) => void): void {
  note(`partial image ${p.partialIndex + 1} of image ${p.imageIndex + 1} received`);
}

/** Today's YYYY-MM-DD for lifecycle checks: --today, else the calendar's. */
export function cliToday(calendar: Calendar, today?: string): string {
  return today ?? todayOn(calendar);
}
