import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { recogniseSource } from '../../../shared/import/recogniseSource';
import { peekFile } from '../import/peekFile';
import { syncExemptionReasons } from '../reference/exemptionReasons';
import { refreshDerivedAndChecks } from '../reconcile';
import { activeBatchIds, writeFindingsCsv, writeFindingsXlsx } from '../export/findingsReport';
import { AppError } from '../../../shared/errors';
import type { Handlers } from '../../../shared/api/contract';
import { EventBus } from './eventBus';
import { FileRegistry } from '../files/fileRegistry';
import { JobManager } from '../jobs/jobManager';
import type { Logger } from '../log/logger';
import type { PlatformPort } from '../platform/platformPort';
import { importTabular, inspectImport } from '../import/tabularImport';
import { importFdmBills, importFdmExemptions, normaliseRun, suggestRun } from '../import/printImport';
import { inspectTextSource } from '../import/inspectTextSource';
import { sourceDef } from '../../../shared/sources/catalog';
import type { Database } from 'better-sqlite3';
import type { ImportBatch } from '../../../shared/api/contract';
import { importDeathList, type DeathImportRequest } from '../deaths/deathImport';
import { confirmProposed, decideDeath, listDeathEntries } from '../deaths/deathDecisions';
import { listBatches } from '../staging/batches';
import { listFindings, summariseFindings } from '../staging/findings';
import { gridColumns, queryStagedRows } from '../staging/stagedRows';
import type { RecentWorkspaces } from '../workspace/recentWorkspaces';
import { Workspace, type OpenOptions } from '../workspace/workspace';
import { listOverrides, removeOverride, setOverride } from '../billing/overrides';
import { approveRun, listRuns, releaseRun, runOutputs } from '../billing/runs';
import { runBills, type BillRunResult } from '../billing/billRun';
import type { BillRunSummaryView } from '../../../shared/api/contract';
import { loadSettings, saveSettings } from '../billing/settingsStore';
import { reviewHandlers } from './reviewHandlers';
import { assignRowKeys } from '../review/rowKeys';
import { reapplyReview, recordUndo, refreshAndSettle, snapshotDeaths, snapshotOverrides } from '../review/reviewActions';
import { insightHandlers } from './insightHandlers';
import { workspaceBackupHandlers } from './workspaceHandlers';

export interface AppServicesOptions {
  version: string;
  transport: 'ipc' | 'loopback';
  platform: PlatformPort;
  recent: RecentWorkspaces;
  log: Logger;
  /** The officer's name as recorded in import batches and the audit log. */
  user?: string;
  workspaceOptions?: OpenOptions;
  /** Derived updates and reconciliation, run inside each import's transaction. */
  afterStage?: (db: Database) => void;
}

/**
 * The app's backend as plain Node: one open workspace, the jobs, the chosen files, and the
 * handler for every contract method. Electron's main process and the loopback host both
 * wrap this same object, so the two transports cannot drift apart.
 */
export class AppServices {
  readonly events = new EventBus();
  readonly files = new FileRegistry();
  readonly jobs: JobManager;
  readonly user: string;
  private workspace: Workspace | null = null;
  /** Reports written for download in browser mode: id → file. */
  readonly downloads = new Map<string, { path: string; name: string }>();
  private exportTemp: string | null = null;

  /** Offers a file the app wrote: Save As in the desktop app, a one-off download link in a browser. */
  async offerFile(temp: string, name: string): Promise<{ savedTo: string | null; downloadUrl: string | null }> {
    if (this.options.platform.saveFileAs) {
      const savedTo = await this.options.platform.saveFileAs(temp, name);
      fs.rmSync(temp, { force: true });
      return { savedTo, downloadUrl: null };
    }
    const id = randomUUID();
    this.downloads.set(id, { path: temp, name });
    return { savedTo: null, downloadUrl: `/download/${id}` };
  }

  /** A private temporary path for a file about to be offered. */
  tempFile(name: string): string {
    return path.join(this.exportDir(), `${randomUUID()}-${name}`);
  }

  private exportDir(): string {
    if (!this.exportTemp) {
      this.exportTemp = fs.mkdtempSync(path.join(os.tmpdir(), 'ctb-export-'));
      fs.chmodSync(this.exportTemp, 0o700);
    }
    return this.exportTemp;
  }

  constructor(private readonly options: AppServicesOptions) {
    this.user = options.user ?? os.userInfo().username;
    this.jobs = new JobManager(
      {
        progress: (p) => this.events.emit('job/progress', p),
        finished: (s) => this.events.emit('job/finished', s),
      },
      options.log.scope('jobs'),
    );
  }

  /** How workspace files are opened (the SQLite driver built for this runtime). */
  get workspaceOptions(): OpenOptions {
    return this.options.workspaceOptions ?? {};
  }

  get current(): Workspace | null {
    return this.workspace;
  }

  requireWorkspace(): Workspace {
    if (!this.workspace) throw new AppError('NO_WORKSPACE', 'Open or create a workspace first.');
    return this.workspace;
  }

  /** The open workspace, refused while a job is writing to it. */
  requireIdleWorkspace(): Workspace {
    const ws = this.requireWorkspace();
    if (ws.busy) throw new AppError('WORKSPACE_BUSY', `The workspace is busy (${ws.busy}). Try again when it has finished.`);
    return ws;
  }

  openWorkspace(path: string, mode: 'create' | 'open' | 'either'): Workspace {
    if (this.workspace?.busy) throw new AppError('WORKSPACE_BUSY', `The current workspace is busy (${this.workspace.busy}). Wait for it to finish first.`);
    const opts = this.options.workspaceOptions ?? {};
    const ws = mode === 'create' ? Workspace.create(path, opts) : mode === 'open' ? Workspace.open(path, opts) : Workspace.openOrCreate(path, opts);
    this.workspace?.close();
    this.workspace = ws;
    syncExemptionReasons(ws.db);
    // A workspace from before review keys (schema 4) gets them now.
    ws.db.transaction(() => assignRowKeys(ws.db))();
    const info = ws.info();
    this.options.recent.remember({ path: info.path, name: info.name });
    this.events.emit('workspace/changed', info);
    return ws;
  }

  closeWorkspace(): void {
    if (this.workspace?.busy) throw new AppError('WORKSPACE_BUSY', `The workspace is busy (${this.workspace.busy}). Cancel or wait for it first.`);
    this.workspace?.close();
    this.workspace = null;
    this.events.emit('workspace/changed', null);
  }

  /**
   * Runs inside every import's transaction, before it commits: derived updates and the
   * cross-source checks, so the staged data and its checks always change together.
   */
  readonly afterStage = (db: Database): void => {
    // Officers' exclusions and corrections find their rows again by key first, so the checks
    // see the data as the officer left it.
    assignRowKeys(db);
    reapplyReview(db);
    if (this.options.afterStage) this.options.afterStage(db);
    else refreshDerivedAndChecks(db);
  };

  private importDeaths(req: DeathImportRequest): Promise<ImportBatch> {
    return importDeathList(req);
  }

  dispose(): void {
    if (this.exportTemp) fs.rmSync(this.exportTemp, { recursive: true, force: true });
    this.downloads.clear();
    this.workspace?.close();
    this.workspace = null;
    this.files.dispose();
  }

  readonly handlers: Handlers = {
    'app/info': () => ({ version: this.options.version, transport: this.options.transport, canPickFiles: this.options.platform.canPickFiles, user: this.user }),

    'workspace/current': () => this.workspace?.info() ?? null,
    'workspace/recent': () => this.options.recent.list(),
    'workspace/create': ({ path }) => this.openWorkspace(path, 'create').info(),
    'workspace/open': ({ path }) => this.openWorkspace(path, 'open').info(),
    'workspace/close': () => {
      this.closeWorkspace();
      return null;
    },
    'workspace/pickLocation': ({ mode }) => this.options.platform.pickWorkspaceLocation(mode),

    'files/pick': async ({ title, kind }) => {
      const picked = await this.options.platform.pickFile(title, kind);
      return picked ? this.files.register(picked) : null;
    },
    'files/registerPath': ({ path }) => this.files.register(path),

    'import/recognise': async ({ file }) => {
      const f = this.files.resolve(file);
      return recogniseSource(await peekFile(f.path, f.name));
    },
    'import/inspect': ({ file, source, sheet }) => {
      const ws = this.requireWorkspace();
      const f = this.files.resolve(file);
      const def = sourceDef(source);
      if (def.format === 'tabular') return inspectImport(ws.db, f.path, f.name, source, sheet);
      return inspectTextSource(f.path, f.name, def);
    },
    'import/start': ({ file, source, mapping, run, sheet }) => {
      const ws = this.requireWorkspace();
      const f = this.files.resolve(file);
      if (ws.busy) throw new AppError('WORKSPACE_BUSY', `The workspace is busy (${ws.busy}). Try again when it has finished.`);
      const def = sourceDef(source);
      const common = { workspace: ws, file: f.path, fileName: f.name, actor: this.user, afterStage: this.afterStage };
      if (def.format === 'fdm_bills') {
        const chosenRun = run ?? suggestRun(f.name);
        if (!chosenRun) throw new AppError('BAD_REQUEST', `Say which print run ${f.name} is (for example dd, cash or props).`);
        normaliseRun(chosenRun);
        return { jobId: this.jobs.start('import', async (ctx) => ({ batch: await importFdmBills({ ...common, ctx, run: chosenRun }) })) };
      }
      if (def.format === 'fdm_exemptions') return { jobId: this.jobs.start('import', async (ctx) => ({ batch: await importFdmExemptions({ ...common, ctx }) })) };
      if (def.format === 'death_list') return { jobId: this.jobs.start('import', async (ctx) => ({ batch: await this.importDeaths({ ...common, ctx }) })) };
      const jobId = this.jobs.start('import', async (ctx) => ({
        batch: await importTabular({ ...common, source, mapping, sheet, ctx }),
      }));
      return { jobId };
    },
    'import/batches': ({ source }) => listBatches(this.requireWorkspace().db, source),

    'findings/list': (q) => listFindings(this.requireWorkspace().db, q),
    'findings/export': async ({ format, source }) => {
      const ws = this.requireWorkspace();
      const name = `validation-report-${new Date().toISOString().slice(0, 10)}.${format}`;
      const temp = this.tempFile(name);
      const batchIds = activeBatchIds(ws.db, source);
      const findings = format === 'xlsx' ? await writeFindingsXlsx(ws.db, batchIds, temp) : writeFindingsCsv(ws.db, batchIds, temp);
      return { ...(await this.offerFile(temp, name)), findings };
    },
    'findings/summary': ({ batchId }) => summariseFindings(this.requireWorkspace().db, batchId),

    'staging/columns': ({ source }) => gridColumns(source),
    'staging/rows': (q) => queryStagedRows(this.requireWorkspace().db, q),

    'deaths/list': () => listDeathEntries(this.requireWorkspace().db),
    'deaths/decide': (d) => {
      const ws = this.requireWorkspace();
      if (ws.busy) throw new AppError('WORKSPACE_BUSY', `The workspace is busy (${ws.busy}). Try again when it has finished.`);
      return ws.db.transaction(() => {
        const before = snapshotDeaths(ws.db);
        const view = decideDeath(ws, d.decision === 'confirm' ? { kind: 'confirm', ref: d.ref, account: d.account ?? '' } : { kind: 'not_found', ref: d.ref }, this.user);
        const label = view.status === 'confirmed' ? `Confirmed death entry ${view.reference} to account ${view.account ?? ''}` : `Marked death entry ${view.reference} not found`;
        // The entry's DEATH_UNMATCHED check is settled by the decision: listed as fixed.
        const settled = refreshAndSettle(ws.db, this.afterStage, 'fixed', `${label}.`, this.user);
        recordUndo(ws.db, this.user, label, { deaths: before, states: settled });
        return view;
      })();
    },
    'deaths/confirmProposed': () => {
      const ws = this.requireWorkspace();
      if (ws.busy) throw new AppError('WORKSPACE_BUSY', `The workspace is busy (${ws.busy}). Try again when it has finished.`);
      return ws.db.transaction(() => {
        const before = snapshotDeaths(ws.db);
        const r = confirmProposed(ws, this.user);
        const label = `Confirmed ${r.confirmed} death proposals and marked ${r.notFound} not found`;
        const settled = refreshAndSettle(ws.db, this.afterStage, 'fixed', `${label}.`, this.user);
        recordUndo(ws.db, this.user, label, { deaths: before, states: settled });
        return r;
      })();
    },

    'billing/settings/get': () => loadSettings(this.requireWorkspace().db),
    'billing/settings/set': (settings) => saveSettings(this.requireIdleWorkspace(), settings, this.user),
    'billing/runs': () => listRuns(this.requireWorkspace().db),
    'billing/approve': (r) => approveRun(this.requireIdleWorkspace(), r, this.user),
    'billing/release': (r) => releaseRun(this.requireIdleWorkspace(), r, this.user),
    'billing/start': ({ outDir, reissue }) => {
      const ws = this.requireIdleWorkspace();
      const next = ws.db.prepare('SELECT coalesce(max(number), 0) + 1 FROM bill_runs').pluck().get() as number;
      const dir = outDir ?? path.join(path.dirname(ws.info().path), 'bill-runs', `run-${next}`);
      const jobId = this.jobs.start('bill-run', async (ctx) => ({ run: billRunSummary(await runBills(ws, { outDir: dir, reissue, actor: this.user, ctx })) }));
      return { jobId };
    },
    'billing/openFile': async ({ runId, file }) => {
      const out = runOutputs(this.requireWorkspace().db, runId);
      if (!out.files.includes(file) || out.outDir === null) throw new AppError('NOT_FOUND', `Bill run ${out.number} has no file called ${file}.`);
      const source = path.join(out.outDir, file);
      if (!fs.existsSync(source)) throw new AppError('NOT_FOUND', `${source} is missing: it may have been moved or deleted.`);
      const name = `run-${out.number}-${file}`;
      const temp = this.tempFile(name);
      fs.copyFileSync(source, temp);
      return this.offerFile(temp, name);
    },
    'billing/openFolder': async ({ runId }) => {
      const out = runOutputs(this.requireWorkspace().db, runId);
      if (!this.options.platform.openFolder || out.outDir === null || !fs.existsSync(out.outDir)) return { opened: false };
      return { opened: await this.options.platform.openFolder(out.outDir) };
    },
    'overrides/list': () => listOverrides(this.requireWorkspace().db),
    // Overrides and death decisions are officers' edits too: each can be undone.
    'overrides/set': (r) => {
      const ws = this.requireIdleWorkspace();
      return ws.db.transaction(() => {
        const before = snapshotOverrides(ws.db, r.account.trim().toUpperCase());
        const v = setOverride(ws, r, this.user);
        recordUndo(ws.db, this.user, v.action === 'exclude' ? `Excluded account ${v.account} from the bills` : `Forced profile ${v.profile ?? ''} on account ${v.account}`, { overrides: before });
        return v;
      })();
    },
    'overrides/remove': (r) => {
      const ws = this.requireIdleWorkspace();
      return ws.db.transaction(() => {
        const before = snapshotOverrides(ws.db, r.account.trim().toUpperCase());
        const v = removeOverride(ws, r, this.user);
        recordUndo(ws.db, this.user, `Removed the override on account ${v.account}`, { overrides: before });
        return v;
      })();
    },

    'jobs/get': ({ jobId }) => this.jobs.get(jobId),
    'jobs/cancel': ({ jobId }) => ({ cancelled: this.jobs.cancel(jobId) }),

    // Each capability's handlers live beside its services.
    ...reviewHandlers(this),
    ...insightHandlers(this),
    ...workspaceBackupHandlers(this),
  };
}

/** The parts of a finished run the bills screen shows. */
function billRunSummary(r: BillRunResult): BillRunSummaryView {
  return {
    runId: r.runId,
    runNumber: r.runNumber,
    createdAt: r.createdAt,
    createdBy: r.createdBy,
    outDir: r.outDir,
    firstBillNumber: r.firstBillNumber,
    lastBillNumber: r.lastBillNumber,
    control: r.control,
    profiles: r.profiles,
    reasons: r.reasons,
    totals: r.totals,
    files: Object.keys(r.files),
    estimateDiffs: r.estimateDiffs,
  };
}
