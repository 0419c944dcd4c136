// Entry point of the `image-studio` command-line tool (bundled to dist/cli.js).
import { runCli } from './run';
import { createCliFetch, lookupAllAddresses } from './transport';

const controller = new AbortController();
// Ctrl-C, a kill or a closed terminal cancels the request in flight: images already whole are
// placed under their real names (they were billed), partial ones are removed, then the CLI exits.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => controller.abort());

void runCli(process.argv.slice(2), {
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  stdin: process.stdin,
  env: process.env,
  fetch: createCliFetch(),
  lookupHost: lookupAllAddresses,
  signal: controller.signal,
}).then((code) => {
  process.exitCode = code;
});
