import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import type { FileRef } from '../../../shared/api/contract';

interface Entry {
  path: string;
  name: string;
  size: number;
  /** Uploaded copies are ours to delete; files the officer picked are not. */
  temporary: boolean;
}

/**
 * Files the officer has chosen, by opaque token. The renderer passes tokens, never paths, so
 * it can only ever read what the officer picked, dropped or uploaded.
 */
export class FileRegistry {
  private readonly entries = new Map<string, Entry>();

  register(filePath: string, options: { name?: string; temporary?: boolean } = {}): FileRef {
    const abs = path.resolve(filePath);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch {
      throw new AppError('FILE_UNREADABLE', `${options.name ?? path.basename(abs)} could not be found.`);
    }
    if (!stat.isFile()) throw new AppError('FILE_UNREADABLE', `${options.name ?? path.basename(abs)} is not a file.`);
    const token = randomBytes(16).toString('hex');
    const entry: Entry = { path: abs, name: options.name ?? path.basename(abs), size: stat.size, temporary: !!options.temporary };
    this.entries.set(token, entry);
    return { token, name: entry.name, size: entry.size };
  }

  resolve(token: string): { path: string; name: string } {
    const e = this.entries.get(token);
    if (!e) throw new AppError('NOT_FOUND', 'That file is no longer available. Choose it again.');
    return { path: e.path, name: e.name };
  }

  /** Deletes uploaded temporary copies (at shutdown). */
  dispose(): void {
    for (const e of this.entries.values()) if (e.temporary) fs.rmSync(e.path, { force: true });
    this.entries.clear();
  }
}
