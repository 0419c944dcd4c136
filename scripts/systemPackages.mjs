// The two README commands must work on a fresh Debian machine: the Debian packages they need
// (Chromium for browser and integration tests, the Kerberos headers code-server's native module
// builds against) are installed here when missing and we may (root with apt), otherwise the
// exact command to run is printed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

function installed(pkg) {
  return spawnSync('dpkg', ['-s', pkg], { stdio: 'ignore' }).status === 0;
}

/** Makes sure the Debian packages are installed; throws with the command to run when it cannot. */
export function ensureDebianPackages(packages, why) {
  if (process.platform !== 'linux' || !existsSync('/usr/bin/dpkg')) return;
  const missing = packages.filter((p) => !installed(p));
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    throw new Error(`${why} needs the Debian packages ${missing.join(', ')}. Install them with: sudo ${command}`);
  }
  process.stderr.write(`[setup] installing ${missing.join(', ')} (${why})\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', ...missing],
  ]) {
    const r = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (r.status !== 0) throw new Error(`apt-get ${args[0]} failed (exit ${r.status}); run: ${command}`);
  }
}
