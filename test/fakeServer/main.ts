// Runs the fake as its own process: `node out/test/fakeServer/main.js --port 0 [--provider azure]
// [--key sk-…] [--latency 100]` prints {"url","baseUrl"} as one JSON line and serves until killed.
import { parseArgs } from 'node:util';
import { startFakeImagesApi } from './server';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      provider: { type: 'string', default: 'openai' },
      key: { type: 'string' },
      latency: { type: 'string', default: '0' },
      'response-style': { type: 'string' },
    },
  });
  const server = await startFakeImagesApi({
    port: Number(values.port),
    provider: values.provider as 'openai' | 'azure' | 'compatible',
    latencyMs: Number(values.latency),
    ...(values.key !== undefined ? { apiKey: values.key } : {}),
    ...(values['response-style'] ? { responseStyle: values['response-style'] as 'url' } : {}),
  });
  process.stdout.write(`${JSON.stringify({ url: server.url, baseUrl: server.baseUrl })}\n`);
  const stop = (): void => void server.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

void main();
