// `billing/start`, `billing/openFile` and `billing/openFolder` through AppServices, on the
// small synthetic workspace of the end-to-end tests: the run as a job with its default folder
// beside the workspace, a cancelled run that leaves nothing behind, and the output files
// offered for download.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppServices } from '../../../electron/core/api/appServices';
import { silentLogger } from '../../../electron/core/log/logger';
import { noDialogs, type PlatformPort } from '../../../electron/core/platform/platformPort';
import { RecentWorkspaces } from '../../../electron/core/workspace/recentWorkspaces';
import { billRunView } from '../../../shared/api/contract';
import { writeSourceFixtures } from '../../e2e/support/sourceFixtures';

describe('billing/start as a job', () => {
  let dir: string;
  let services: AppServices;
  const opened: string[] = [];
  let platform: PlatformPort = noDialogs;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ctb-billstart-'));
    services = new AppServices({
      version: 'test',
      transport: 'loopback',
      platform: {
        get canPickFiles() {
          return platform.canPickFiles;
        },
        pickFile: (t, k) => platform.pickFile(t, k),
        pickWorkspaceLocation: (m) => platform.pickWorkspaceLocation(m),
        openFolder: (f) => (platform.openFolder ? platform.openFolder(f) : Promise.resolve(false)),
      },
      recent: new RecentWorkspaces(path.join(dir, 'recent.json')),
      log: silentLogger,
      user: 'test.officer',
    });
    services.openWorkspace(path.join(dir, 'ws.ctbw'), 'create');
    const h = services.handlers;
    for (const f of await writeSourceFixtures(path.join(dir, 'fixtures'))) {
      const ref = await h['files/registerPath']({ path: f.file });
      const proposal = await h['import/inspect']({ file: ref.token, source: f.source });
      const { jobId } = await h['import/start']({ file: ref.token, source: f.source, mapping: proposal.mapping, ...(f.run ? { run: f.run } : {}) });
      expect((await services.jobs.wait(jobId)).status).toBe('succeeded');
    }
  });

  afterAll(() => {
    services?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a run cancelled before it writes leaves no files and no record', async () => {
    const { jobId } = await services.handlers['billing/start']({});
    expect(services.jobs.cancel(jobId)).toBe(true);
    const state = await services.jobs.wait(jobId);
    expect(state.status).toBe('cancelled');
    expect(await services.handlers['billing/runs']({})).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'bill-runs', 'run-1'))).toBe(false);
  });

  it('runs the bills into bill-runs/run-1 beside the workspace, reporting its phases', async () => {
    const phases: string[] = [];
    const off = services.events.subscribe((event, payload) => {
      if (event === 'job/progress') phases.push((payload as { phase: string }).phase);
    });
    const { jobId } = await services.handlers['billing/start']({});
    const state = await services.jobs.wait(jobId);
    off();
    expect(state.status).toBe('succeeded');
    const run = billRunView.parse((state.result as { run: unknown }).run);
    expect(run.runNumber).toBe(1);
    expect(run.outDir).toBe(path.join(dir, 'bill-runs', 'run-1'));
    expect(run.control.profiled + run.control.excluded).toBe(run.control.accounts);
    expect(run.files).toContain('exclusions.csv');
    expect(phases).toEqual(expect.arrayContaining(['reading accounts', 'classifying', 'writing files']));
    for (const f of ['summary.pdf', 'summary.html', 'exclusions.csv']) expect(fs.existsSync(path.join(run.outDir, f))).toBe(true);
    const runs = await services.handlers['billing/runs']({});
    expect(runs.map((r) => [r.number, r.status])).toEqual([[1, 'draft']]);
  });

  it('offers the output files for download, and nothing else', async () => {
    const [run] = await services.handlers['billing/runs']({});
    const r = await services.handlers['billing/openFile']({ runId: run.id, file: 'summary.pdf' });
    expect(r.savedTo).toBeNull();
    const id = /^\/download\/(.+)$/.exec(r.downloadUrl ?? '')?.[1] ?? '';
    const entry = services.downloads.get(id);
    expect(entry?.name).toBe('run-1-summary.pdf');
    expect(fs.readFileSync(entry?.path ?? '').subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await expect(Promise.resolve().then(() => services.handlers['billing/openFile']({ runId: run.id, file: '../ws.ctbw' }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('opens the output folder only where the platform can', async () => {
    const [run] = await services.handlers['billing/runs']({});
    expect(await services.handlers['billing/openFolder']({ runId: run.id })).toEqual({ opened: false });
    platform = {
      ...noDialogs,
      openFolder: (f) => {
        opened.push(f);
        return Promise.resolve(true);
      },
    };
    expect(await services.handlers['billing/openFolder']({ runId: run.id })).toEqual({ opened: true });
    expect(opened).toEqual([path.join(dir, 'bill-runs', 'run-1')]);
  });
});
