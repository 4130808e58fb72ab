/**
 * A lock file with the owner's pid, because PGlite has no lock between processes and two of them
 * writing one data directory corrupt it. A lock left by a process that has died is taken over.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirLockedError extends Error {}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock of a data directory or throws DataDirLockedError naming the other process. */
export function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'hoaban.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new DataDirLockedError(
          `data directory ${dir} is in use by another Hoa Ban process (pid ${pid}); stop it or set DATA_DIR to another folder`,
        );
      }
      if (pid === process.pid) {
        throw new DataDirLockedError(`data directory ${dir} is already open in this process`);
      }
      rmSync(file, { force: true }); // stale lock of a dead process
    }
  }
  throw new DataDirLockedError(`could not lock data directory ${dir}`);
}
