// Runs one CLI command end to end: parse, read inputs, call the engine, write files, report.
// Exit codes: 0 success, 1 API or network failure, 2 invalid usage or input.
import { calendarFromEnvironment, todayOn, type Calendar } from '../core/calendar';
import { createImagesClient } from '../core/client/imagesClient';
import { editImages, generateImages, varyImages, type BatchResult } from '../core/client/batch';
import { ImageStudioError, isImageStudioError, redact } from '../core/client/errors';
import { fallbackRecord, isTransparencyRefusal, KEY_COLOUR, keyColourRequest, removeKeyColour } from '../core/image/keyColour';
import { countTransparentPixels } from '../core/image/pngAlpha';
import { getModelCapabilities } from '../core/models/capabilities';
import { planVariation } from '../core/models/variationPlan';
import { renderFileName } from '../core/naming';
import { buildProvenance } from '../core/provenance';
import { resultBaseName } from '../core/save/fileNames';
import { holdAllInMemory, holdInMemory, tempSpool, type TempSpool } from '../core/save/tempSpool';
import {
  protectUnmaskedPixels,
  TRANSPARENCY_FAILED,
  TRANSPARENCY_PASSED,
  transparencyProblem,
  wantsTransparency,
  type ProtectionSource,
} from '../core/save/resultChecks';
import { variationAsEdit } from '../core/models/variationAsEdit';
import { basename } from 'node:path';
import type { EditRequest, GenerateRequest, ImagesResult, InputImage, VariationRequest } from '../core/types';
import { parseCommandLine, str, type CliArgs } from './args';
import { runAssets } from './assets';
import {
  checkWritable,
  ensureDir,
  imageExtension,
  readInput,
  saveNoClobber,
  writeNoClobber,
  writeSidecar,
  type WrittenFile,
} from './output';
import { DEFAULT_MODEL } from '../core/models/defaultModel';
import { checkMask, DEFAULT_VARIATION_MODEL, maskWarnings, editRequest, generateRequest, inputImage, variationRequest } from './requests';
import { markupWarnings } from './markupChecks';
import { loadModelFile, serverModelsFor } from './modelKnowledge';
import { effectiveStatus, type ServerModels } from '../core/models/lifecycle';
import { HELP, UsageError } from './usage';
import type { CliIo } from './cliIo';
import { nodeFileSystem } from './nodeFileSystem';

/** Runs `image-studio <argv…>` and returns the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  // Both keys are scrubbed from everything printed, whichever one the provider sends (core already
  // redacts the one it sent; this is the last line of defence).
  const keys = [io.env.OPENAI_API_KEY, io.env.AZURE_OPENAI_API_KEY].filter((k): k is string => !!k);
  const scrub = (t: string): string => keys.reduce((text, k) => redact(text, k), t);
  const say = (t: string): void => io.stdout(scrub(t));
  const fail = (t: string): void => io.stderr(`image-studio: ${scrub(t).replace(/\s*\n\s*/g, ' ')}\n`);
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    say(`${HELP.main}\n`);
    return command ? 0 : 2;
  }
  if (command === 'assets') return runAssetsCommand(rest, io, say, fail);
  if (command !== 'generate' && command !== 'edit' && command !== 'variation') {
    fail(`unknown command '${command}' (generate, edit, variation or assets; --help for usage)`);
    return 2;
  }
  // With --json a failure is also reported on stdout, so scripts get one JSON document either way.
  const json = rest.includes('--json');
  const failJson = (kind: string, message: string, requestId?: string): void => {
    if (json) say(`${JSON.stringify({ ok: false, error: { kind, message: scrub(message), ...(requestId ? { requestId } : {}) } })}\n`);
  };
  // Temp files of streamed images; whatever was not moved into place is removed however the run ends.
  let spool: TempSpool | undefined;
  try {
    const args = parseCommandLine(command, rest, io.env);
    const calendar = cliCalendar(io.env);
    const today = args.today ?? todayOn(calendar);
    if (args.help) {
      say(`${HELP[command]}\n`);
      return 0;
    }
    const apiKey =
      args.provider.kind === 'azure' ? io.env.AZURE_OPENAI_API_KEY || io.env.OPENAI_API_KEY || '' : io.env.OPENAI_API_KEY || '';
    if (!apiKey && args.provider.kind !== 'compatible') throw new UsageError('set OPENAI_API_KEY (the key is never taken from a flag)');
    // The folder must exist (or be creatable) before anything is sent: images are billed.
    await ensureDir(args.outDir);
    const date = calendar.now();
    const printed = new Set<string>();
    await checkWritable(args.outDir, plannedNames(args, command, date));
    await loadModelFile(args.modelsFile);
    const server = args.values['no-model-list'] ? undefined : await serverModelsFor(args.provider, apiKey, io.fetch, today, io.env);
    const client = createImagesClient(args.provider, apiKey, io.fetch, {
      today,
      timeoutMs: args.timeoutMs,
      maxRetries: args.maxRetries,
      serverModels: () => server,
      ...(io.lookupHost ? { lookupHost: io.lookupHost } : {}),
      log: (level, m) => level === 'warn' && !args.json && (printed.add(m), fail(`warning: ${m}`)),
    });
    const lifecycle = { today, server };
    // Images are written as each request completes: finished files are safe even if a later
    // request fails or the run is interrupted. Each image of a JSON answer is decoded straight into
    // a temp file in the output folder as it arrives (an SVG, being text, is checked whole), so no
    // request holds its images in memory and saving one is a rename.
    const saved: SavedImages = { written: [], unsaved: [], date, warnings: [] };
    spool = str(args.values.format) === 'svg' ? undefined : tempSpool(nodeFileSystem, args.outDir);
    const opts = {
      concurrency: args.concurrency,
      ...(spool ? { spool } : {}),
      ...(io.signal ? { signal: io.signal } : {}),
      onPartial: (p: { imageIndex: number; partialIndex: number }) =>
        !args.json && fail(`partial image ${p.partialIndex + 1} of image ${p.imageIndex + 1} received`),
      onResult: (arrived: ImagesResult) => save(args, request, arrived, route, command, saved, fallback, protection),
    };
    // Set when the model refused a transparent background and the key-colour fallback runs.
    const fallback: KeyFallbackState = {};
    // Set for an edit with a mask: the pixels the mask keeps are laid back from the input.
    let protection: ProtectionSource | undefined;
    const orFallback = async (
      req: GenerateRequest | EditRequest,
      run: (r: GenerateRequest | EditRequest) => Promise<BatchResult>,
    ): Promise<BatchResult> => {
      try {
        return await run(req);
      } catch (e) {
        if (req.background !== 'transparent' || !isTransparencyRefusal(e)) throw e;
        const why = (e as Error).message;
        if (!args.values['transparency-fallback']) {
          throw new ImageStudioError(
            'invalid_request',
            `${req.model} refused a transparent background (on gpt-image-2 it is only a preview). Add --transparency-fallback to generate on a flat ${KEY_COLOUR.hex} background and remove it locally. ${why}`,
          );
        }
        if (!args.json)
          fail(
            `note: ${req.model} refused a transparent background; generating on ${KEY_COLOUR.hex} and removing it locally (--transparency-fallback)`,
          );
        fallback.reason = why;
        fallback.prompt = req.prompt;
        request = keyColourRequest(req);
        return run(request);
      }
    };
    let request: GenerateRequest | EditRequest | VariationRequest;
    let result: BatchResult;
    let route: 'variations' | 'edits' | undefined;
    if (command !== 'variation') {
      const model = str(args.values.model) ?? DEFAULT_MODEL;
      const swapped = replacementIfRetired(model, args, lifecycle);
      if (swapped) {
        args.values.model = swapped;
        if (!args.json) fail(`note: ${model} is shut down here; using ${swapped} (--use-replacement)`);
      }
    }
    if (command === 'generate') {
      const gen = generateRequest(args);
      request = gen;
      result = await orFallback(gen, (r) => generateImages(client, r as GenerateRequest, opts));
    } else if (command === 'edit') {
      const images = await Promise.all((args.values.image ?? []).map((p) => loadImage(p, io)));
      const mask = str(args.values.mask) ? await loadImage(str(args.values.mask)!, io) : undefined;
      const [first] = images;
      if (!first) throw new UsageError('edit needs at least one --image');
      if (mask) checkMask(mask, first);
      if (mask && !args.json) for (const w of await maskWarnings(mask, first)) fail(`warning: ${w}`);
      if (mask && !args.values['no-protect']) protection = { original: { bytes: first.bytes, name: first.filename }, mask: mask.bytes };
      // Markup: notes over transparency; core refuses it with a mask, at another size or to a model without it.
      const markup = str(args.values.markup) ? await loadImage(str(args.values.markup)!, io) : undefined;
      if (markup) for (const w of await markupWarnings(markup)) if (!args.json) fail(`warning: ${w}`);
      const edit = editRequest(args, images, mask, markup);
      request = edit;
      result = await orFallback(edit, (r) => editImages(client, r as EditRequest, opts));
    } else {
      const [path] = args.values.image ?? [];
      if (!path) throw new UsageError('variation needs an --image');
      const image = await loadImage(path, io);
      const plan = planVariation(str(args.values.model) ?? DEFAULT_VARIATION_MODEL, args.provider.kind, {
        today,
        ...(args.provider.kind === 'compatible' && args.provider.endpoints ? { endpoints: args.provider.endpoints } : {}),
        ...(str(args.values.prompt) ? { prompt: str(args.values.prompt)! } : {}),
      });
      if (plan.route === 'unavailable') throw new UsageError(plan.reason);
      route = plan.route;
      if (!args.json && plan.route === 'edits') fail(`note: ${plan.reason}`);
      const v = variationRequest(args, image, plan.model);
      if (plan.route === 'variations') {
        request = v;
        result = await varyImages(client, v, opts);
      } else {
        const edit = variationAsEdit(plan.model, plan.prompt, image, { ...(v.n ? { n: v.n } : {}), ...(v.size ? { size: v.size } : {}) });
        request = edit;
        result = await editImages(client, edit, opts);
      }
    }
    report(args, say, fail, saved, result, route, printed);
    return result.failures.length || saved.unsaved.length ? 1 : 0;
  } catch (e) {
    if (e instanceof UsageError) {
      fail(e.message);
      failJson('usage', e.message);
      return 2;
    }
    if (isImageStudioError(e, 'model_retired') && e.replacement && e.param === 'model') {
      // Refused before sending: say how to switch in one go.
      const message = `${e.message} Run again with --model ${e.replacement}, or add --use-replacement.`;
      fail(message);
      failJson(e.kind, message);
      return 1;
    }
    if (isImageStudioError(e)) {
      fail(e.message);
      failJson(e.kind, e.message, e.requestId);
      return e.kind === 'validation' || e.kind === 'endpoint_unsupported' || e.code === 'malformed_key' ? 2 : 1;
    }
    const code = (e as NodeJS.ErrnoException).code;
    fail(String((e as Error).message ?? e));
    failJson(code ?? 'error', String((e as Error).message ?? e));
    return code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR' ? 2 : 1;
  } finally {
    await spool?.removeLeftovers();
  }
}

/** With --use-replacement, the replacement of a model shut down where the request goes. */
function replacementIfRetired(model: string, args: CliArgs, lifecycle: { today: string; server?: ServerModels }): string | undefined {
  if (!args.values['use-replacement']) return undefined;
  const status = effectiveStatus(getModelCapabilities(model), args.provider.kind, lifecycle.today, lifecycle.server);
  return status.state === 'retired' ? status.replacement : undefined;
}

// The assets command reports failures in its own words; usage and API errors map to exit codes as elsewhere.
async function runAssetsCommand(argv: string[], io: CliIo, say: (t: string) => void, fail: (t: string) => void): Promise<number> {
  try {
    return await runAssets(argv, io, say, (t) => fail(t));
  } catch (e) {
    if (e instanceof UsageError) {
      fail(e.message);
      return 2;
    }
    fail(String((e as Error).message ?? e));
    return 1;
  }
}

// The names of the first and last image, built before sending so a name the folder cannot take
// is refused before anything is billed.
function plannedNames(args: CliArgs, command: string, date: Date): string[] {
  const n = Number(str(args.values.n) ?? 1);
  const prompt =
    command === 'variation'
      ? `variation ${((args.values.image ?? [])[0] ?? '').split(/[\\/]/).pop() ?? ''}`
      : (str(args.values.prompt) ?? '');
  const model = str(args.values.model) ?? (command === 'variation' ? DEFAULT_VARIATION_MODEL : DEFAULT_MODEL);
  return [0, Math.max(0, n - 1)].map((index) =>
    renderFileName(args.template, { prompt: prompt.replace(/\.[a-z]+$/i, ''), model, index, date }),
  );
}

/** IMAGE_STUDIO_TODAY pins the day (CI, reproducible runs); a value that is not a date is a usage error. */
function cliCalendar(env: NodeJS.ProcessEnv): Calendar {
  try {
    return calendarFromEnvironment(env);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

async function loadImage(path: string, io: CliIo): Promise<InputImage> {
  const { bytes, filename } = await readInput(path, io.stdin);
  return inputImage(bytes, filename);
}

/** The key-colour fallback of this run: the refusal that started it. */
interface KeyFallbackState {
  reason?: string;
  /** The user's prompt, before the key-colour instruction. */
  prompt?: string;
}

/** An image that arrived (and was billed) but could not be written. */
interface Unsaved {
  index: number;
  message: string;
}

/** What has been written so far, across the requests of a batch. */
interface SavedImages {
  written: WrittenFile[];
  unsaved: Unsaved[];
  /** One date for the whole batch, so its file names sort together. */
  date: Date;
  revisedPrompt?: string;
  /** Said after the files (a result that is not transparent, pixels that could not be protected). */
  warnings: string[];
}

// Each image is written on its own: one refused write must neither lose the others nor be reported
// as a usage error, since the image was made and billed.
async function save(
  args: CliArgs,
  request: GenerateRequest | EditRequest | VariationRequest,
  result: ImagesResult,
  route: 'variations' | 'edits' | undefined,
  command: string,
  saved: SavedImages,
  fallback: KeyFallbackState,
  protection?: ProtectionSource,
): Promise<void> {
  // The file name comes from the user's prompt, not the key-colour instruction added to it.
  const named = fallback.prompt !== undefined && 'prompt' in request ? { ...request, prompt: fallback.prompt } : request;
  // The same steps as the extension's: protected pixels first, then the transparency check. Those
  // steps read the pixels, so a streamed image is read back for them (the composite needs the
  // request's images together; the others one at a time).
  const protectedImages = protection
    ? await protectUnmaskedPixels(protection, await holdAllInMemory(nodeFileSystem, result.images))
    : undefined;
  if (protectedImages?.note) saved.warnings.push(protectedImages.note);
  const needsPixels = !!fallback.reason || wantsTransparency(request);
  for (const [i, listed] of (protectedImages?.images ?? result.images).entries()) {
    const original = needsPixels ? await holdInMemory(nodeFileSystem, listed) : listed;
    const keyed = fallback.reason && original.format === 'png' ? await removeKeyColour(original.bytes) : undefined;
    const image = keyed ? { ...original, bytes: keyed.png } : original;
    const extra: Record<string, unknown> = fallback.reason
      ? fallbackRecord(fallback.reason, keyed?.removal, ((await countTransparentPixels(image.bytes))?.transparent ?? 0) > 0)
      : {};
    if (!fallback.reason && wantsTransparency(request)) {
      const problem = await transparencyProblem(image, `Image ${image.index + 1}`);
      if (problem) saved.warnings.push(problem);
      extra.transparencyCheck = problem ? TRANSPARENCY_FAILED : TRANSPARENCY_PASSED;
    }
    saved.revisedPrompt ??= image.revisedPrompt;
    const base = resultBaseName(args.template, named, command === 'variation', request.model, image.index, saved.date);
    let path: string;
    try {
      path = await saveNoClobber(args.outDir, base, imageExtension(image), image);
    } catch (e) {
      saved.unsaved.push({
        index: image.index,
        message: `it was generated but could not be written to ${args.outDir} (${(e as Error).message}); it is not saved. Check the folder's permissions and free space.`,
      });
      continue;
    }
    const file: WrittenFile = { path, index: image.index, format: image.format };
    if (protection) {
      const raw = protectedImages?.raws.get(result.images[i]?.index ?? -1);
      extra.protectedUnmaskedPixels = !!raw;
      if (raw) {
        // The model's own result is kept beside the file, so nothing it made is lost.
        try {
          extra.rawResult = basename(await writeNoClobber(args.outDir, `${basename(path).replace(/\.[^.]+$/, '')}.raw`, 'png', raw.bytes));
        } catch (e) {
          saved.warnings.push(`the model's raw result of image ${image.index + 1} could not be written (${(e as Error).message}).`);
        }
      }
    }
    try {
      if (args.sidecar)
        file.sidecar = await writeSidecar(path, {
          ...(await buildProvenance({ request, result, image, provider: args.provider, ...(route ? { route } : {}) })),
          ...extra,
        });
    } catch (e) {
      saved.unsaved.push({
        index: image.index,
        message: `it was saved as ${path}, but its provenance sidecar could not be written (${(e as Error).message}).`,
      });
    }
    saved.written.push(file);
  }
}

function report(
  args: CliArgs,
  say: (t: string) => void,
  fail: (t: string) => void,
  saved: SavedImages,
  result: BatchResult,
  route: string | undefined,
  printed: Set<string>,
): void {
  const written = [...saved.written].sort((a, b) => a.index - b.index);
  const failures: Array<{ kind: string; code?: string; message: string; firstIndex: number; count: number; requestId?: string }> =
    result.failures.map((f) => ({
      kind: f.error.kind,
      ...(f.error.code ? { code: f.error.code } : {}),
      message: f.error.message,
      firstIndex: f.firstIndex,
      count: f.count,
      ...(f.error.requestId ? { requestId: f.error.requestId } : {}),
    }));
  failures.push(...saved.unsaved.map((u) => ({ kind: 'write', message: u.message, firstIndex: u.index, count: 1 })));
  if (args.json) {
    const revised = saved.revisedPrompt;
    const asked = Number(str(args.values.n) ?? 1);
    say(
      `${JSON.stringify({ ok: failures.length === 0, endpoint: result.endpoint, ...(route ? { route } : {}), model: result.model, asked, saved: written.length, files: written, ...(revised ? { revisedPrompt: revised } : {}), ...(result.usage ? { usage: result.usage } : {}), requestIds: result.requestIds, warnings: [...result.warnings, ...saved.warnings], failures })}\n`,
    );
    return;
  }
  for (const w of written) say(`${w.path}\n`);
  for (const w of [...result.warnings, ...saved.warnings]) if (!printed.has(w)) fail(`warning: ${w}`);
  for (const f of failures) fail(`image ${f.firstIndex + 1}${f.count > 1 ? `–${f.firstIndex + f.count}` : ''} failed: ${f.message}`);
}
