// A folder that refuses new files, for "the disk refuses the write" (shared with the integration
// suite, whose extension host runs on this machine).
import { spawnSync } from 'node:child_process';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Makes `dir` refuse new files. chmod is enough for ordinary users; root ignores it, so there the
 * immutable attribute is used (chattr +i), which root's writes also obey. Returns false when
 * neither works here (the test then skips, saying why).
 */
export function makeUnwritable(dir: string): boolean {
  chmodSync(dir, 0o555);
  if (!canWrite(dir)) return true;
  const r = spawnSync('chattr', ['+i', dir]);
  return r.status === 0 && !canWrite(dir);
}

/** Undoes makeUnwritable (safe to call on any folder). */
export function unprotect(dir: string): void {
  spawnSync('chattr', ['-i', dir]);
  chmodSync(dir, 0o755);
}

function canWrite(dir: string): boolean {
  const probe = join(dir, '.probe');
  try {
    writeFileSync(probe, 'x');
    rmSync(probe);
    return true;
  } catch {
    return false;
  }
}
