// Ingest: walk the paths the user gave, read each file's bytes. Every file found ends up either
// read or in the skipped list with a reason; nothing is dropped silently.
import { lstatSync, readdirSync, type Dirent, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Skipped } from './types.js';

export interface FileEntry {
  path: string;
  size: number;
  mtimeMs: number;
}

export interface WalkResult {
  files: FileEntry[];
  skipped: Skipped[];
}

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

/** A path the user named that does not exist: a usage error (exit 2), not a skipped file. */
export class MissingPathError extends Error {}

function errText(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'EACCES' || e?.code === 'EPERM') return 'permission denied';
  if (e?.code === 'ELOOP') return 'symbolic link loop';
  return e?.code ? `${e.code.toLowerCase()}` : String(err);
}

export function walk(paths: string[], maxBytes = DEFAULT_MAX_BYTES): WalkResult {
  const files: FileEntry[] = [];
  const skipped: Skipped[] = [];
  // Real paths of folders already entered: a symlink back up the tree is seen twice, not forever.
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();

  const visit = (path: string, named: boolean, realDir?: string): void => {
    let st;
    let link = false;
    try {
      st = lstatSync(path);
      if (st.isSymbolicLink()) {
        link = true;
        st = statSync(path);
      }
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (named && code === 'ENOENT') throw new MissingPathError(`no such file or folder: ${path}`);
      if (code === 'ENOENT' && isLink(path)) return void skipped.push({ file: path, reason: 'broken symbolic link' });
      return void skipped.push({ file: path, reason: errText(err) });
    }
    if (st.isDirectory()) {
      let real: string;
      try {
        real = realpathSync(path);
      } catch (err) {
        return void skipped.push({ file: path, reason: errText(err) });
      }
      if (seenDirs.has(real)) {
        if (!named) skipped.push({ file: path, reason: 'folder already read (symbolic link loop or duplicate)' });
        return;
      }
      seenDirs.add(real);
      let names: string[];
      try {
        names = readdirSync(path);
      } catch (err) {
        return void skipped.push({ file: path, reason: `unreadable folder: ${errText(err)}` });
      }
      for (const name of names.sort()) visit(join(path, name), false, real);
      return;
    }
    if (!st.isFile()) return void skipped.push({ file: path, reason: 'not a regular file' });
    // Folders are already deduplicated by real path, so a plain file's real path is its folder's
    // real path and its name: only links and files named on the command line need resolving.
    let real = realDir && !link ? join(realDir, basename(path)) : path;
    if (link || !realDir) {
      try {
        real = realpathSync(path);
      } catch {
        /* keep the given path */
      }
    }
    if (seenFiles.has(real)) return void skipped.push({ file: path, reason: 'same file already read' });
    seenFiles.add(real);
    if (st.size > maxBytes) {
      return void skipped.push({ file: path, reason: `too large (${(st.size / 1048576).toFixed(1)} MB > limit ${(maxBytes / 1048576).toFixed(1)} MB; see --max-size)` });
    }
    files.push({ path, size: st.size, mtimeMs: st.mtimeMs });
  };

  for (const p of paths) visit(p, true);
  return { files, skipped };
}

/**
 * Whether PATHS hold at least `n` files, by listing folders breadth first (no stat per file),
 * for at most `maxDirs` folders: a cheap guess before the walk, wrong only towards "no".
 */
export function atLeastFiles(paths: string[], n: number, maxDirs = 64): boolean {
  let files = 0;
  const dirs: string[] = [];
  for (const p of paths) {
    try {
      if (statSync(p).isDirectory()) dirs.push(p);
      else files++;
    } catch {
      /* the walk reports it */
    }
  }
  for (let d = 0; d < dirs.length && d < maxDirs && files < n; d++) {
    let list: Dirent[];
    try {
      list = readdirSync(dirs[d], { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of list) {
      if (e.isDirectory()) dirs.push(join(dirs[d], e.name));
      else files++;
    }
  }
  return files >= n;
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

export function readBytes(entry: FileEntry): Uint8Array | Skipped {
  try {
    return readFileSync(entry.path);
  } catch (err) {
    return { file: entry.path, reason: `unreadable: ${errText(err)}` };
  }
}
