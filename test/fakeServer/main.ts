// Runs the fake as its own process: `npm run fake-api -- --port 0 [--provider azure] [--key sk-…]
// [--latency 100]` prints {"url","baseUrl"} as one JSON line and serves until killed.
import { parseArgs } from 'node:util';
import { startBatchClock } from './batchClock';
import { startFakeImagesApi } from './server';

/** What `--demo` adds for `npm start`: batches that move on their own, and prompts the safety system refuses. */
const DEMO_BATCH_STEP_MS = 1500;
const DEMO_REFUSAL_WORDS = ['forbidden', 'unsafe'];

const USAGE = `Usage: npm run fake-api -- [options]
  (or node out/test/fakeServer/main.js [options] after npm run build -- --tests)

A fake OpenAI Images API on 127.0.0.1 that validates requests against the official spec excerpt.
Prints {"url","baseUrl"} as one JSON line, then serves until Ctrl-C.

Options:
  --port N                 port to listen on (default 0: any free port)
  --provider KIND          openai, azure or compatible (default openai)
  --key KEY                the only API key accepted (default sk-test-key; '' accepts any)
  --latency MS             delay before each answer (default 0)
  --response-style STYLE   b64_json, url or data_url (default b64_json)
  --demo                   for npm start: batches move through their states every
                           ${DEMO_BATCH_STEP_MS} ms, and prompts with the words
                           ${DEMO_REFUSAL_WORDS.join(', ')} are refused by the "safety system"
  -h, --help               this text
`;

const PROVIDERS = ['openai', 'azure', 'compatible'] as const;
const STYLES = ['b64_json', 'url', 'data_url'] as const;

/** Refuses a bad command line with one line and exit code 2, like any command-line tool. */
function usageError(message: string): never {
  process.stderr.write(`fake-api: ${message}\n${USAGE}`);
  process.exit(2);
}

function whole(name: string, text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n)) usageError(`--${name} must be a whole number (got '${text}')`);
  return n;
}

function oneOf<T extends string>(name: string, text: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(text)) usageError(`--${name} must be one of ${allowed.join(', ')} (got '${text}')`);
  return text as T;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '0' },
        provider: { type: 'string', default: 'openai' },
        key: { type: 'string' },
        latency: { type: 'string', default: '0' },
        'response-style': { type: 'string' },
        demo: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    usageError((err as Error).message);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const server = await startFakeImagesApi({
    port: whole('port', values.port),
    provider: oneOf('provider', values.provider, PROVIDERS),
    latencyMs: whole('latency', values.latency),
    ...(values.key !== undefined ? { apiKey: values.key } : {}),
    ...(values['response-style'] ? { responseStyle: oneOf('response-style', values['response-style'], STYLES) } : {}),
    ...(values.demo ? { refusalWords: DEMO_REFUSAL_WORDS } : {}),
  });
  const clock = values.demo ? startBatchClock(server.batches, DEMO_BATCH_STEP_MS) : undefined;
  process.stdout.write(`${JSON.stringify({ url: server.url, baseUrl: server.baseUrl })}\n`);
  const stop = (): void => {
    clock?.stop();
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`fake-api: ${(err as Error).message ?? String(err)}\n`);
  process.exit(1);
});
