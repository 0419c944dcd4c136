// Runs one CLI command end to end: parse, read inputs, run the job through the engine, report.
// Exit codes: 0 success, 1 API or network failure, 2 invalid usage or input.
import { ImageStudioError, isImageStudioError, redact } from '../core/client/errors';
import { terminalSafe } from '../core/terminalText';
import type { JobResult } from '../core/engine/engineTypes';
import { placeInFolder } from '../core/engine/placeInFolder';
import { runJob } from '../core/engine/runJob';
import { renderFileName } from '../core/naming';
import type { InputImage } from '../core/types';
import { parseCommandLine, str, type CliArgs } from './args';
import { runAssets } from './assets';
import { cliAdapters, cliApiKey, cliCalendar, cliClient, cliToday } from './cliEngine';
import { checkWritable, ensureDir, readInput } from './output';
import { DEFAULT_MODEL } from '../core/models/defaultModel';
import { DEFAULT_VARIATION_MODEL, maskWarnings, inputImage } from './requests';
import { markupWarnings } from './markupChecks';
import { cliJob, type CliInputs } from './cliJobs';
import { loadModelCatalogue, serverModelsFor } from './modelKnowledge';
import type { ServerModels } from '../core/models/lifecycle';
import { liveReplacement } from '../core/models/replacementChain';
import type { ModelCatalogue } from '../core/models/modelCatalogue';
import { HELP, UsageError } from './usage';
import type { CliIo } from './cliIo';

/** Runs `image-studio <argv…>` and returns the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  // Both keys are scrubbed from everything printed, whichever one the provider sends (core already
  // redacts the one it sent; this is the last line of defence).
  const keys = [io.env.OPENAI_API_KEY, io.env.AZURE_OPENAI_API_KEY].filter((k): k is string => !!k);
  const scrub = (t: string): string => keys.reduce((text, k) => redact(text, k), t);
  // Names and messages from a manifest or a server may hold escape sequences: never sent raw to a terminal.
  const say = (t: string): void => io.stdout(terminalSafe(scrub(t)));
  const fail = (t: string): void => io.stderr(`image-studio: ${terminalSafe(scrub(t).replace(/\s*\n\s*/g, ' '))}\n`);
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    say(`${HELP.main}\n`);
    return command ? 0 : 2;
  }
  if (command === 'assets') return runAssetsCommand(rest, io, say, fail);
  if (command === 'mcp') return runMcpCommand(rest, io, fail);
  if (command !== 'generate' && command !== 'edit' && command !== 'variation') {
    fail(`unknown command '${command}' (generate, edit, variation, assets or mcp; --help for usage)`);
    return 2;
  }
  // With --json a failure is also reported on stdout, so scripts get one JSON document either way.
  const json = rest.includes('--json');
  const failJson = (kind: string, message: string, requestId?: string): void => {
    if (json) say(`${JSON.stringify({ ok: false, error: { kind, message: scrub(message), ...(requestId ? { requestId } : {}) } })}\n`);
  };
  try {
    const args = parseCommandLine(command, rest, io.env);
    const calendar = cliCalendar(io.env);
    const today = cliToday(calendar, args.today);
    if (args.help) {
      say(`${HELP[command]}\n`);
      return 0;
    }
    const apiKey = cliApiKey(args.provider, io.env, true);
    // The folder must exist (or be creatable) before anything is sent: images are billed.
    await ensureDir(args.outDir);
    const date = calendar.now();
    const printed = new Set<string>();
    await checkWritable(args.outDir, plannedNames(args, command, date));
    const models = await loadModelCatalogue(args.modelsFile);
    const server = args.values['no-model-list']
      ? undefined
      : await serverModelsFor(args.provider, apiKey, io.fetch, today, io.env, (m) => !args.json && fail(`warning: ${m}`));
    const client = cliClient(io, {
      provider: args.provider,
      apiKey,
      today,
      timeoutMs: args.timeoutMs,
      maxRetries: args.maxRetries,
      models,
      ...(server ? { server } : {}),
      log: (level, m) => level === 'warn' && !args.json && (printed.add(m), fail(`warning: ${m}`)),
    });
    if (command !== 'variation') {
      const model = str(args.values.model) ?? DEFAULT_MODEL;
      const swapped = replacementIfRetired(models, model, args, { today, ...(server ? { server } : {}) });
      if (swapped) {
        args.values.model = swapped;
        if (!args.json) fail(`note: ${model} is shut down here; using ${swapped} (--use-replacement)`);
      }
    }
    const inputs = await loadInputs(command, args, io);
    const job = cliJob(models, command, args, inputs, today, (n) => !args.json && fail(`note: ${n}`));
    if (inputs.mask && inputs.images[0] && !args.json)
      for (const w of await maskWarnings(inputs.mask, inputs.images[0])) fail(`warning: ${w}`);
    // Markup: notes over transparency; core refuses it with a mask, at another size or to a model without it.
    if (inputs.markup) for (const w of await markupWarnings(inputs.markup)) if (!args.json) fail(`warning: ${w}`);
    const adapters = cliAdapters({
      calendar: { now: () => date },
      transparencyFallback: !!args.values['transparency-fallback'],
      ...(args.json ? {} : { note: (t: string) => fail(t) }),
    });
    // Images are written as each request completes: finished files are safe even if a later
    // request fails or the run is interrupted.
    const result = await runJob(job, {
      client,
      adapters,
      placement: placeInFolder({
        fs: adapters.fs,
        dir: args.outDir,
        template: args.template,
        sidecar: args.sidecar,
        date,
        named: job.send,
      }),
      concurrency: args.concurrency,
      ...(io.signal ? { signal: io.signal } : {}),
    });
    report(args, say, fail, result, printed);
    return result.failures.length ? 1 : 0;
  } catch (e) {
    if (e instanceof UsageError) {
      fail(e.message);
      failJson('usage', e.message);
      return 2;
    }
    if (isImageStudioError(e, 'model_retired') && e.replacement && e.param === 'model') {
      // Refused before sending: say how to switch in one go.
      const message = rest.includes('--use-replacement')
        ? `${e.message} Run again with --model ${e.replacement}.`
        : `${e.message} Run again with --model ${e.replacement}, or add --use-replacement.`;
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
  }
}

// The MCP server is loaded only for `mcp`: the SDK is not evaluated when another command runs.
async function runMcpCommand(argv: string[], io: CliIo, fail: (t: string) => void): Promise<number> {
  try {
    const { runMcp } = await import('./mcp/mcpCommand');
    return await runMcp(argv, io, (line) => io.stderr(`image-studio mcp: ${line}\n`));
  } catch (e) {
    fail(String((e as Error).message ?? e));
    return e instanceof UsageError ? 2 : 1;
  }
}

/** With --use-replacement, the first model along the replacements of a model shut down where the request goes. */
function replacementIfRetired(
  models: ModelCatalogue,
  model: string,
  args: CliArgs,
  lifecycle: { today: string; server?: ServerModels },
): string | undefined {
  if (!args.values['use-replacement']) return undefined;
  const found = liveReplacement(models, model, args.provider.kind, lifecycle.today, lifecycle.server);
  if (!found.retired.length) return undefined;
  if (found.model) return found.model;
  // The flag was given and cannot help: say so, and never suggest it again.
  throw new ImageStudioError(
    'model_retired',
    found.retired.length > 1
      ? `${model} is shut down here, and so is every replacement it leads to (${found.retired.slice(1).join(', ')}); choose a current model with --model.`
      : `${model} is shut down here and names no replacement; choose a current model with --model.`,
    { param: 'model' },
  );
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

async function loadImage(path: string, io: CliIo): Promise<InputImage> {
  const { bytes, filename } = await readInput(path, io.stdin);
  return inputImage(bytes, filename);
}

/** The command's input images and mask, read and checked before anything is sent. */
async function loadInputs(command: string, args: CliArgs, io: CliIo): Promise<CliInputs> {
  if (command === 'generate') return { images: [] };
  const images = await Promise.all((args.values.image ?? []).map((p) => loadImage(p, io)));
  const mask = command === 'edit' && str(args.values.mask) ? await loadImage(str(args.values.mask)!, io) : undefined;
  const markup = command === 'edit' && str(args.values.markup) ? await loadImage(str(args.values.markup)!, io) : undefined;
  return { images, ...(mask ? { mask } : {}), ...(markup ? { markup } : {}) };
}

function report(args: CliArgs, say: (t: string) => void, fail: (t: string) => void, result: JobResult, printed: Set<string>): void {
  const files = result.placed.map((p) => ({
    path: p.path,
    index: p.index,
    format: p.format,
    ...(p.sidecar ? { sidecar: p.sidecar } : {}),
  }));
  const failures = result.failures.map(({ kind, code, message, firstIndex, count, requestId }) => ({
    kind,
    ...(code ? { code } : {}),
    message,
    firstIndex,
    count,
    ...(requestId ? { requestId } : {}),
  }));
  const route = result.route === 'variations' ? 'variations' : result.route === 'edits-as-variation' ? 'edits' : undefined;
  if (args.json) {
    const revised = result.placed.find((p) => p.revisedPrompt)?.revisedPrompt;
    const asked = Number(str(args.values.n) ?? 1);
    say(
      `${JSON.stringify({ ok: failures.length === 0, endpoint: result.endpoint, ...(route ? { route } : {}), model: result.model, asked, saved: files.length, files, ...(revised ? { revisedPrompt: revised } : {}), ...(result.usage ? { usage: result.usage } : {}), requestIds: result.requestIds, warnings: [...result.notes, ...result.warnings], failures })}\n`,
    );
    return;
  }
  for (const f of files) say(`${f.path}\n`);
  for (const w of [...result.notes, ...result.warnings]) if (!printed.has(w)) fail(`warning: ${w}`);
  for (const f of failures) fail(`image ${f.firstIndex + 1}${f.count > 1 ? `–${f.firstIndex + f.count}` : ''} failed: ${f.message}`);
}
