// The extension host's name in a batch run's lock (core's runLock.ts): this machine and process id, as
// the CLI names itself (src/cli/processLock.ts), so each sees when the other's collect was killed.
import { hostname } from 'node:os';
import type { LockOwner } from '../../core/batch/runLock';

/** The extension host as a lock holder. */
export function processLockOwner(): LockOwner {
  const host = hostname();
  return {
    id: `${host}:${process.pid}`,
    isGone(holder) {
      const m = /^(.*):(\d+)$/.exec(holder);
      if (!m || m[1] !== host) return false;
      try {
        process.kill(Number(m[2]), 0);
        return false;
      } catch (e) {
        // EPERM: it runs, as another user.
        return (e as NodeJS.ErrnoException).code === 'ESRCH';
      }
    },
  };
}
