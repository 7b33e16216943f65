import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppServices } from '../../../electron/core/api/appServices';
import { startLoopbackHost, type LoopbackHost } from '../../../electron/core/loopback/loopbackHost';
import { silentLogger } from '../../../electron/core/log/logger';
import { noDialogs } from '../../../electron/core/platform/platformPort';
import { RecentWorkspaces } from '../../../electron/core/workspace/recentWorkspaces';
import { ensureRendererBuilt } from '../../../scripts/rendererBuild';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..');

export interface AppHost {
  services: AppServices;
  host: LoopbackHost;
  dir: string;
  workspacePath: string;
  close(): Promise<void>;
}

/** The real backend and the built renderer behind the loopback transport, in a temp folder. */
export async function startAppHost(options: { openWorkspace?: boolean } = {}): Promise<AppHost> {
  const rendererDir = ensureRendererBuilt(root);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ctb-e2e-'));
  const services = new AppServices({
    version: 'e2e',
    transport: 'loopback',
    platform: noDialogs,
    recent: new RecentWorkspaces(path.join(dir, 'recent.json')),
    log: silentLogger,
    user: 'e2e.officer',
  });
  const workspacePath = path.join(dir, 'e2e.ctbw');
  if (options.openWorkspace !== false) services.openWorkspace(workspacePath, 'create');
  const host = await startLoopbackHost({ services, rendererDir, log: silentLogger });
  return {
    services,
    host,
    dir,
    workspacePath,
    async close() {
      await host.close();
      services.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
