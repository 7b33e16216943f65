import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppServices } from '../../../electron/core/api/appServices';
import { startLoopbackHost, type LoopbackHost } from '../../../electron/core/loopback/loopbackHost';
import { silentLogger } from '../../../electron/core/log/logger';
import { noDialogs } from '../../../electron/core/platform/platformPort';
import { RecentWorkspaces } from '../../../electron/core/workspace/recentWorkspaces';
import { ensureRendererBuilt } from '../../../scripts/rendererBuild';
import type { ImportableSource } from '../../../shared/sources/catalog';

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

/** Imports one file through the backend (faster than the UI); throws unless the job succeeds. */
export async function importThroughBackend(app: AppHost, file: { file: string; source: ImportableSource; run?: string }): Promise<void> {
  const h = app.services.handlers;
  const ref = await h['files/registerPath']({ path: file.file });
  const proposal = await h['import/inspect']({ file: ref.token, source: file.source });
  const { jobId } = await h['import/start']({ file: ref.token, source: file.source, mapping: proposal.mapping, ...(file.run ? { run: file.run } : {}) });
  const state = await app.services.jobs.wait(jobId);
  if (state.status !== 'succeeded') throw new Error(`importing ${file.source}: ${state.error?.message ?? state.status}`);
}
