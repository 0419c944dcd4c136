// Command-line parsing (node:util parseArgs) into a provider configuration, client settings and
// the raw image options; anything malformed is a UsageError (exit code 2).
import { parseArgs } from 'node:util';
import { DEFAULT_CONCURRENCY } from '../core/engine/fanOut';
import { parseIsoDay } from '../core/calendar';
import type { Endpoint, ProviderConfig } from '../core/types';
import { UsageError } from './usage';

type Command = 'generate' | 'edit' | 'variation';

const OPTIONS = {
  prompt: { type: 'string' },
  model: { type: 'string' },
  size: { type: 'string' },
  n: { type: 'string' },
  quality: { type: 'string' },
  style: { type: 'string' },
  background: { type: 'string' },
  format: { type: 'string' },
  compression: { type: 'string' },
  moderation: { type: 'string' },
  'response-format': { type: 'string' },
  stream: { type: 'boolean' },
  'partial-images': { type: 'string' },
  'input-fidelity': { type: 'string' },
  image: { type: 'string', multiple: true },
  mask: { type: 'string' },
  markup: { type: 'string' },
  out: { type: 'string' },
  name: { type: 'string' },
  'no-sidecar': { type: 'boolean' },
  json: { type: 'boolean' },
  concurrency: { type: 'string' },
  provider: { type: 'string' },
  'base-url': { type: 'string' },
  organization: { type: 'string' },
  project: { type: 'string' },
  'azure-endpoint': { type: 'string' },
  'azure-deployment': { type: 'string' },
  'azure-api-version': { type: 'string' },
  endpoints: { type: 'string' },
  timeout: { type: 'string' },
  'max-retries': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  complexity: { type: 'string' },
  frames: { type: 'string' },
  'frame-ms': { type: 'string' },
  'safety-identifier': { type: 'string' },
  models: { type: 'string' },
  today: { type: 'string' },
  'use-replacement': { type: 'boolean' },
  'no-model-list': { type: 'boolean' },
  'transparency-fallback': { type: 'boolean' },
  'no-protect': { type: 'boolean' },
} as const;

/** Which options each command accepts (others are refused, so typos do not silently do nothing). */
const ALLOWED: Record<Command, string[]> = {
  generate: [
    'prompt',
    'model',
    'size',
    'n',
    'quality',
    'style',
    'background',
    'format',
    'compression',
    'moderation',
    'response-format',
    'stream',
    'partial-images',
    'complexity',
    'frames',
    'frame-ms',
    'safety-identifier',
    'transparency-fallback',
  ],
  edit: [
    'image',
    'mask',
    'markup',
    'prompt',
    'model',
    'size',
    'n',
    'quality',
    'background',
    'format',
    'compression',
    'moderation',
    'response-format',
    'stream',
    'partial-images',
    'input-fidelity',
    'complexity',
    'frames',
    'frame-ms',
    'safety-identifier',
    'transparency-fallback',
    'no-protect',
  ],
  variation: ['image', 'model', 'n', 'size', 'prompt', 'response-format'],
};
const GENERAL = [
  'out',
  'name',
  'no-sidecar',
  'json',
  'concurrency',
  'provider',
  'base-url',
  'organization',
  'project',
  'azure-endpoint',
  'azure-deployment',
  'azure-api-version',
  'endpoints',
  'timeout',
  'max-retries',
  'help',
  'models',
  'today',
  'use-replacement',
  'no-model-list',
];

/** What parseArgs gives for an option table: a string, a boolean or a list of strings, as declared. */
export type OptionValues<O extends Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>> = {
  -readonly [K in keyof O]?: O[K] extends { multiple: true } ? string[] : O[K] extends { type: 'boolean' } ? boolean : string;
};

/** The options of generate, edit and variation, typed as OPTIONS declares them. */
export type CliValues = OptionValues<typeof OPTIONS>;

/** The connection flags that choose and configure the provider (shared with `assets`). */
export type ConnectionFlags = Pick<
  CliValues,
  'provider' | 'base-url' | 'organization' | 'project' | 'azure-endpoint' | 'azure-deployment' | 'azure-api-version' | 'endpoints'
>;

/** Parsed command line. */
export interface CliArgs {
  command: Command;
  help: boolean;
  values: CliValues;
  provider: ProviderConfig;
  outDir: string;
  template: string;
  sidecar: boolean;
  json: boolean;
  concurrency: number;
  timeoutMs: number;
  maxRetries: number;
  /** YYYY-MM-DD for lifecycle checks (--today; absent: IMAGE_STUDIO_TODAY, else the system date). */
  today?: string;
  /** --models FILE (or IMAGE_STUDIO_MODELS): the user's model declarations. */
  modelsFile?: string;
}

/** Parses argv (without node and script) for one command; throws UsageError. */
export function parseCommandLine(command: Command, argv: string[], env: NodeJS.ProcessEnv): CliArgs {
  let values: CliValues;
  try {
    values = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (values.help)
    return {
      command,
      help: true,
      values,
      provider: { kind: 'openai' },
      outDir: '',
      template: '',
      sidecar: false,
      json: false,
      concurrency: 1,
      timeoutMs: 0,
      maxRetries: 0,
    };
  for (const key of Object.keys(values)) {
    if (!ALLOWED[command].includes(key) && !GENERAL.includes(key)) throw new UsageError(`option --${key} does not apply to ${command}`);
  }
  const out = str(values.out);
  if (!out) throw new UsageError('--out <dir> is required');
  if (command !== 'variation' && !str(values.prompt)) throw new UsageError('--prompt <text> is required');
  if (command !== 'generate' && !values.image?.length) throw new UsageError('--image <file|-> is required');
  if (command === 'variation' && values.image && values.image.length > 1) throw new UsageError('variation takes exactly one --image');
  return {
    command,
    help: false,
    values,
    provider: providerFrom(values, env),
    outDir: out,
    template: str(values.name) ?? '{slug}-{date}-{index}',
    sidecar: !values['no-sidecar'],
    json: !!values.json,
    concurrency: int(values.concurrency, 'concurrency', 1, 10) ?? DEFAULT_CONCURRENCY,
    timeoutMs: (int(values.timeout, 'timeout', 1, 3600) ?? 600) * 1000,
    maxRetries: int(values['max-retries'], 'max-retries', 0, 5) ?? 2,
    ...opt('today', day(str(values.today))),
    ...opt('modelsFile', str(values.models) ?? str(env.IMAGE_STUDIO_MODELS)),
  };
}

function day(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (!parseIsoDay(v)) throw new UsageError(`--today must be a date YYYY-MM-DD (got '${v}')`);
  return v;
}

/** A whole number option within bounds, or undefined when absent. */
export function int(v: unknown, name: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || !/^-?\d+$/.test(v) || n < min || n > max)
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (got '${String(v)}')`);
  return n;
}

/** A string option or undefined. */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The provider configuration from connection flags and the environment. */
export function providerFrom(values: ConnectionFlags, env: NodeJS.ProcessEnv): ProviderConfig {
  const kind = str(values.provider) ?? 'openai';
  const baseUrl = str(values['base-url']) ?? str(env.OPENAI_BASE_URL);
  switch (kind) {
    case 'openai':
      return {
        kind,
        ...(baseUrl ? { baseUrl } : {}),
        ...opt('organization', str(values.organization)),
        ...opt('project', str(values.project)),
      };
    case 'azure': {
      const endpoint = str(values['azure-endpoint']);
      const deployment = str(values['azure-deployment']);
      if (!baseUrl && (!endpoint || !deployment))
        throw new UsageError('Azure needs --azure-endpoint and --azure-deployment, or --base-url for the v1 API');
      return {
        kind,
        ...opt('baseUrl', str(values['base-url'])),
        ...opt('endpoint', endpoint),
        ...opt('deployment', deployment),
        ...opt('apiVersion', str(values['azure-api-version'])),
      };
    }
    case 'compatible': {
      if (!baseUrl) throw new UsageError('--provider compatible needs --base-url (or OPENAI_BASE_URL)');
      const all = str(values.endpoints)
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      for (const e of all ?? [])
        if (!['generations', 'edits', 'variations', 'batch'].includes(e)) throw new UsageError(`unknown endpoint '${e}' in --endpoints`);
      // "batch" declares OpenAI's Files and Batch API; it is no Images endpoint.
      const list = all?.filter((e) => e !== 'batch');
      return { kind, baseUrl, ...(list ? { endpoints: list as Endpoint[] } : {}), ...(all?.includes('batch') ? { batch: true } : {}) };
    }
    default:
      throw new UsageError(`--provider must be openai, azure or compatible (got '${kind}')`);
  }
}

function opt<K extends string>(key: K, v: string | undefined): Partial<Record<K, string>> {
  return v === undefined ? {} : ({ [key]: v } as Record<K, string>);
}
