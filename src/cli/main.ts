// Entry point of the `image-studio` command-line tool (bundled to dist/cli.js).
import { runCli } from './run';
import { createCliFetch, lookupAllAddresses } from './transport';

const controller = new AbortController();
// Ctrl-C cancels the request in flight; files are only ever linked into place whole.
process.once('SIGINT', () => controller.abort());

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
