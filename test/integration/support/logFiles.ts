import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every file below a folder (the test run's user-data folder holds settings, state and logs). */
export function listFiles(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st) continue;
    if (st.isDirectory()) found.push(...listFiles(path));
    else found.push(path);
  }
  return found;
}

/** The Image Studio output channel's log file(s) written by this run's extension host. */
export function imageStudioLogFiles(userDataDir: string): string[] {
  return listFiles(userDataDir).filter((f) => f.endsWith('Image Studio.log'));
}

/** Files below `dir` whose bytes contain `needle`. */
export function filesContaining(dir: string, needle: string): string[] {
  const bytes = Buffer.from(needle);
  return listFiles(dir).filter((f) => {
    try {
      return readFileSync(f).includes(bytes);
    } catch {
      return false;
    }
  });
}

/** The user-data folder the harness created for this run. */
export function userDataDir(): string {
  const dir = process.env.IMAGE_STUDIO_TEST_USER_DATA;
  if (!dir) throw new Error('IMAGE_STUDIO_TEST_USER_DATA is not set: run the suite through the test harness');
  return dir;
}
