import fs from 'node:fs';
import path from 'node:path';
import type { RecentWorkspace } from '../../../shared/api/contract';

const MAX_RECENT = 10;

/** The recently opened workspaces, kept in a small JSON file in the app's settings folder. */
export class RecentWorkspaces {
  constructor(private readonly file: string) {}

  list(): RecentWorkspace[] {
    let items: { path: string; name: string; openedAt: string }[] = [];
    try {
      const parsed = JSON.parse(fs.readFileSync(this.file, 'utf8')) as unknown;
      if (Array.isArray(parsed)) items = parsed.filter((i) => i && typeof i.path === 'string' && typeof i.name === 'string' && typeof i.openedAt === 'string');
    } catch {
      // No list yet, or an unreadable one: start afresh rather than fail the screen.
    }
    return items.map((i) => ({ ...i, exists: fs.existsSync(i.path) }));
  }

  remember(entry: { path: string; name: string }): void {
    const rest = this.list().filter((i) => i.path !== entry.path);
    const next = [{ path: entry.path, name: entry.name, openedAt: new Date().toISOString() }, ...rest.map(({ path: p, name, openedAt }) => ({ path: p, name, openedAt }))].slice(0, MAX_RECENT);
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    fs.writeFileSync(this.file, JSON.stringify(next, null, 2), { mode: 0o600 });
  }
}
