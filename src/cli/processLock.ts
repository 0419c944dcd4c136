// The CLI's name in a batch run's lock (core's runLock.ts): this machine and process id. A lock
// named by a process of this machine that no longer runs was left by a collect that was killed.
import { hostname } from 'node:os';
import type { LockOwner } from '../core/batch/runLock';

/** The running CLI as a lock holder. */
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
