import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { isAppError } from '../../shared/errors';
import { dispatch } from '../../shared/api/dispatch';
import type { MethodName, RequestOf, ResponseOf, JobState, ImportBatch } from '../../shared/api/contract';
import { importBatch } from '../../shared/api/contract';
import { IMPORTABLE_SOURCE_NAMES, sourceDef, type ImportableSource } from '../../shared/sources/catalog';
import { AppServices } from '../core/api/appServices';
import { appVersion } from '../core/appVersion';
import { csvLine, UTF8_BOM } from '../core/export/csvWriter';
import { createLogger, stderrSink } from '../core/log/logger';
import { noDialogs } from '../core/platform/platformPort';
import { defaultConfigDir } from '../core/platform/configDir';
import { iterateFindings } from '../core/staging/findings';
import { activeBatchIds, findingCells, FINDINGS_COLUMNS, groupFindings, writeFindingsCsv, writeFindingsXlsx } from '../core/export/findingsReport';
import { iterateStagedRows } from '../core/staging/stagedRows';
import { RecentWorkspaces } from '../core/workspace/recentWorkspaces';
import { runBills } from '../core/billing/billRun';
import { applyAssignments } from '../core/billing/settingsStore';
import { formatPoundsPlain } from '../../shared/billing/printFile';
import { writeAuditCsv, writeAuditXlsx } from '../core/review/auditTrail';
import { BACKUP_EXTENSION, writeBackup } from '../core/workspace/backup';

/** Exit status like a linter: 0 clean, 1 imported with errors, 2 nothing imported / bad usage. */
export const EXIT = { OK: 0, FINDINGS: 1, FAILED: 2 } as const;

export interface CliIO {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean; columns?: number };
  /** Cancels a running job (Ctrl-C). */
  onInterrupt?: (handler: () => void) => () => void;
}

const defaultIO: CliIO = {
  stdout: process.stdout,
  stderr: process.stderr,
  onInterrupt: (handler) => {
    process.on('SIGINT', handler);
    return () => process.off('SIGINT', handler);
  },
};

interface ImportOptions {
  workspace: string;
  source: ImportableSource;
  run?: string;
  sheet?: string;
  json?: boolean;
}

class CliFailure extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

function makeServices(): AppServices {
  return new AppServices({
    version: appVersion(),
    transport: 'loopback',
    platform: noDialogs,
    recent: new RecentWorkspaces(path.join(defaultConfigDir(), 'recent-workspaces.json')),
    log: createLogger(stderrSink, 'ctb'),
    user: process.env.CTB_USER || undefined,
  });
}

/** Calls the backend through the same contract and validation the app's transports use. */
async function call<M extends MethodName>(services: AppServices, method: M, request: RequestOf<M>): Promise<ResponseOf<M>> {
  const env = await dispatch(services.handlers, method, request);
  if (!env.ok) throw new CliFailure(env.error.message, EXIT.FAILED);
  return env.value as ResponseOf<M>;
}

/** Opens the workspace; returns true when this call created it. */
function openWorkspace(services: AppServices, file: string, create: boolean): boolean {
  const exists = fs.existsSync(path.resolve(file));
  if (!exists && !create) throw new CliFailure(`There is no workspace at ${path.resolve(file)}. Import a file into it first to create it.`, EXIT.FAILED);
  services.openWorkspace(file, exists ? 'open' : 'create');
  return !exists;
}

/** A workspace this command created for an import that then failed is removed again. */
function discardNewWorkspace(services: AppServices, file: string): void {
  services.closeWorkspace();
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${path.resolve(file)}${suffix}`, { force: true });
}

function progressBar(io: CliIO) {
  if (!io.stderr.isTTY) return { update: () => {}, done: () => {} };
  let last = '';
  return {
    update(phase: string, done: number, total: number) {
      const width = Math.max(10, Math.min(40, (io.stderr.columns ?? 80) - 40));
      const frac = total > 0 ? Math.min(1, done / total) : 0;
      const filled = Math.round(frac * width);
      const line = `\r${phase.padEnd(24).slice(0, 24)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.round(frac * 100)
        .toString()
        .padStart(3)}%`;
      if (line !== last) io.stderr.write(line);
      last = line;
    },
    done() {
      if (last) io.stderr.write('\r\x1b[K');
    },
  };
}

function sourceOption() {
  return new Option('--source <name>', 'which source the file is').choices(IMPORTABLE_SOURCE_NAMES).makeOptionMandatory();
}

function summaryText(b: ImportBatch): string {
  const lines = [
    `Imported ${b.fileName} as ${sourceDef(b.source as ImportableSource).label} (${b.encoding}).`,
    `  rows read ${b.rowsRead}, staged ${b.rowsStaged}, flagged ${b.rowsFlagged}, rejected ${b.rowsRejected}`,
    `  errors ${b.errors}, warnings ${b.warnings}`,
  ];
  for (const [rule, n] of Object.entries(b.errorsByRule)) lines.push(`  error   ${rule}: ${n}`);
  for (const [rule, n] of Object.entries(b.warningsByRule)) lines.push(`  warning ${rule}: ${n}`);
  return `${lines.join('\n')}\n`;
}

export async function runCli(argv: string[], io: CliIO = defaultIO): Promise<number> {
  let exitCode: number = EXIT.OK;
  const services = makeServices();
  const program = new Command('ctb')
    .description('Council Tax Billing Plan B: import, check and export council tax data from the command line.')
    .version(appVersion())
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  program
    .command('import')
    .description('import a source file into a workspace (created if it does not exist)')
    .requiredOption('--workspace <file>', 'workspace file (.ctbw)')
    .addOption(sourceOption())
    .option('--run <run>', 'print bill files: which print run (dd, cash, props or a name of your own); guessed from the file name if left out')
    .option('--sheet <name>', 'workbooks: which sheet to read (default: the first with data)')
    .option('--json', 'print a machine-readable result')
    .argument('<file>', 'the file to import')
    .action(async (file: string, opts: ImportOptions) => {
      const created = openWorkspace(services, opts.workspace, true);
      try {
        exitCode = await importCommand(file, opts);
      } catch (e) {
        if (created) discardNewWorkspace(services, opts.workspace);
        throw e;
      }
    });

  async function importCommand(file: string, opts: ImportOptions): Promise<number> {
      const ref = await call(services, 'files/registerPath', { path: file });
      const proposal = await call(services, 'import/inspect', { file: ref.token, source: opts.source, sheet: opts.sheet });
      if (proposal.format === 'fdm_bills' && !opts.run && !proposal.suggestedRun) {
        throw new CliFailure(`Say which print run ${ref.name} is with --run (for example --run dd, --run cash or --run props).`, EXIT.FAILED);
      }
      if (proposal.problems.length) throw new CliFailure(`${ref.name}: ${proposal.problems.map((p) => p.message).join(' ')}`, EXIT.FAILED);
      const bar = progressBar(io);
      const stopListening = services.events.subscribe((event, payload) => {
        if (event === 'job/progress') {
          const p = payload as { phase: string; done: number; total: number };
          bar.update(p.phase, p.done, p.total);
        }
      });
      const { jobId } = await call(services, 'import/start', { file: ref.token, source: opts.source, mapping: proposal.mapping, run: opts.run, sheet: opts.sheet ?? proposal.sheet ?? undefined });
      const stopInterrupt = io.onInterrupt?.(() => services.jobs.cancel(jobId));
      let state: JobState;
      try {
        state = await services.jobs.wait(jobId);
      } finally {
        stopListening();
        stopInterrupt?.();
        bar.done();
      }
      if (state.status !== 'succeeded') {
        const message = state.status === 'cancelled' ? 'Import cancelled. The workspace is unchanged.' : (state.error?.message ?? 'The import failed.');
        if (opts.json) io.stdout.write(`${JSON.stringify({ ok: false, status: state.status, error: state.error }, null, 2)}\n`);
        throw new CliFailure(message, EXIT.FAILED);
      }
      const batch = importBatch.parse((state.result as { batch: unknown }).batch);
      if (opts.json) {
        io.stdout.write(
          `${JSON.stringify(
            {
              ok: true,
              batchId: batch.id,
              source: batch.source,
              run: batch.run,
              sheet: batch.sheet,
              file: batch.fileName,
              sha256: batch.sha256,
              encoding: batch.encoding,
              lineEnding: proposal.lineEnding,
              rowsRead: batch.rowsRead,
              rowsStaged: batch.rowsStaged,
              rowsFlagged: batch.rowsFlagged,
              rowsRejected: batch.rowsRejected,
              errors: batch.errors,
              warnings: batch.warnings,
              errorsByRule: batch.errorsByRule,
              warningsByRule: batch.warningsByRule,
              moneyTotals: batch.moneyTotals,
              mapping: batch.mapping,
            },
            null,
            2,
          )}\n`,
        );
      } else {
        io.stdout.write(summaryText(batch));
      }
      return batch.errors > 0 ? EXIT.FINDINGS : EXIT.OK;
  }

  program
    .command('findings')
    .description("list the findings of each source's current import (the validation report)")
    .requiredOption('--workspace <file>', 'workspace file (.ctbw)')
    .addOption(new Option('--source <name>', 'only this source').choices(IMPORTABLE_SOURCE_NAMES))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'csv', 'json', 'xlsx']).default('text'))
    .option('--json', 'same as --format json')
    .option('--out <file>', 'write to a file (CSV gets a byte-order mark for Excel; xlsx needs --out)')
    .action(async (opts: { workspace: string; source?: ImportableSource; format: string; json?: boolean; out?: string }) => {
      openWorkspace(services, opts.workspace, false);
      const ws = services.requireWorkspace();
      const batchIds = activeBatchIds(ws.db, opts.source);
      const format = opts.json ? 'json' : opts.format;
      if (format === 'xlsx') {
        if (!opts.out) throw new CliFailure('--format xlsx writes a workbook: say where with --out FILE.xlsx', EXIT.FAILED);
        const n = await writeFindingsXlsx(ws.db, batchIds, opts.out);
        io.stdout.write(`Wrote ${n} findings to ${opts.out}\n`);
        return;
      }
      if (format === 'csv' && opts.out) {
        const n = writeFindingsCsv(ws.db, batchIds, opts.out);
        io.stdout.write(`Wrote ${n} findings to ${opts.out}\n`);
        return;
      }
      const chunks: string[] = [];
      const emit = (s: string) => (opts.out ? chunks.push(s) : io.stdout.write(s));
      if (format === 'json') {
        emit(`${JSON.stringify([...iterateFindings(ws.db, batchIds)], null, 2)}\n`);
      } else if (format === 'csv') {
        emit(csvLine([...FINDINGS_COLUMNS]));
        for (const f of iterateFindings(ws.db, batchIds)) {
          emit(csvLine(findingCells(f)));
        }
      } else {
        const groups = groupFindings(ws.db, batchIds);
        if (groups.length === 0) emit('No findings.\n');
        for (const f of iterateFindings(ws.db, batchIds)) {
          const where = [f.fileName, f.line !== null ? `${f.sheet ? 'row' : 'line'} ${f.line}` : '', f.cellRef ?? f.column ?? ''].filter(Boolean).join(' ');
          emit(`${where}: ${f.severity} ${f.rule}: ${f.message}\n`);
        }
        if (groups.length) emit(`\n${groups.map((g) => `${g.count} × ${g.severity} ${g.rule}`).join('\n')}\n`);
      }
      if (opts.out) fs.writeFileSync(opts.out, chunks.join(''));
    });

  program
    .command('deaths')
    .description('list the death entries with their proposed account, or record your decision')
    .requiredOption('--workspace <file>', 'workspace file (.ctbw)')
    .option('--confirm <ref_and_account...>', 'confirm entry REF as account ACCOUNT (two values)')
    .option('--not-found <ref>', 'record that entry REF matches no account')
    .option('--confirm-proposed', 'confirm every current proposal and mark the other undecided entries not found')
    .option('--json', 'print a machine-readable list')
    .action(async (opts: { workspace: string; confirm?: string[]; notFound?: string; confirmProposed?: boolean; json?: boolean }) => {
      openWorkspace(services, opts.workspace, false);
      if (opts.confirm) {
        if (opts.confirm.length !== 2) throw new CliFailure('--confirm takes two values: the entry and the account, e.g. --confirm 1 367992182', EXIT.FAILED);
        const v = await call(services, 'deaths/decide', { ref: opts.confirm[0], decision: 'confirm', account: opts.confirm[1] });
        if (!opts.json) io.stdout.write(`Entry ${v.entryId} (${v.names}) confirmed as account ${v.account} (${v.matchedName}).\n`);
      }
      if (opts.notFound) {
        const v = await call(services, 'deaths/decide', { ref: opts.notFound, decision: 'not_found' });
        if (!opts.json) io.stdout.write(`Entry ${v.entryId} (${v.names}) marked as not found.\n`);
      }
      if (opts.confirmProposed) {
        const r = await call(services, 'deaths/confirmProposed', {});
        if (!opts.json) io.stdout.write(`Confirmed ${r.confirmed} proposed matches; marked ${r.notFound} entries not found.\n`);
      }
      const entries = await call(services, 'deaths/list', {});
      if (opts.json) {
        io.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
        return;
      }
      if (opts.confirm || opts.notFound || opts.confirmProposed) return;
      if (entries.length === 0) io.stdout.write('No death entries. Import the deaths report first.\n');
      for (const e of entries) {
        const decided = e.status === 'confirmed' ? `confirmed: ${e.account} (${e.matchedName})` : e.status === 'not_found' ? 'not found' : e.proposedAccount ? `proposed: ${e.proposedAccount} (${e.proposedName}) — not yet confirmed` : 'no proposal — not yet decided';
        io.stdout.write(`${e.entryId}  #${e.reference}  ${e.names}, died ${e.dateOfDeath}, ${e.address}\n    ${decided}\n`);
      }
    });

  program
    .command('reconcile')
    .description('list the cross-source check findings (reconciliation) by code, with the accounts involved')
    .requiredOption('--workspace <file>', 'workspace file (.ctbw)')
    .option('--json', 'print a machine-readable result')
    .action((opts: { workspace: string; json?: boolean }) => {
      openWorkspace(services, opts.workspace, false);
      const ws = services.requireWorkspace();
      const rows = ws.db.prepare('SELECT code, severity, account, source, ref, message, rows FROM reconciliation_findings ORDER BY code, account, id').all() as {
        code: string;
        severity: string;
        account: string | null;
        source: string | null;
        ref: string | null;
        message: string;
        rows: string;
      }[];
      const byCode: Record<string, { count: number; findings: { account: string | null; source: string | null; ref: string | null; severity: string; message: string; rows: unknown }[] }> = {};
      for (const r of rows) {
        const g = (byCode[r.code] ??= { count: 0, findings: [] });
        g.count++;
        g.findings.push({ account: r.account, source: r.source, ref: r.ref, severity: r.severity, message: r.message, rows: JSON.parse(r.rows) as unknown });
      }
      if (opts.json) {
        io.stdout.write(`${JSON.stringify({ total: rows.length, byCode }, null, 2)}\n`);
        return;
      }
      if (rows.length === 0) io.stdout.write('No cross-source findings.\n');
      for (const [code, g] of Object.entries(byCode)) {
        io.stdout.write(`${code} (${g.count})\n`);
        for (const f of g.findings) io.stdout.write(`  ${[f.account, f.source, f.ref ? `entry ${f.ref}` : null].filter(Boolean).join('  ')}: ${f.message}\n`);
      }
    });

  program
    .command('bills')
    .description('run the bills: classify every account, write one bill file and manifest per template, exclusions.csv and run.json')
    .requiredOption('--workspace <file>', 'workspace file (.ctbw)')
    .requiredOption('--out <dir>', 'folder to write the files to (created if missing)')
    .option('--reissue', 're-issue: bill accounts already billed in an earlier approved run again')
    .option('--first-bill-number <n>', 'first bill number (default: one above the highest of any earlier run)')
    .option('--json', 'print a machine-readable result')
    .action(async (opts: { workspace: string; out: string; reissue?: boolean; firstBillNumber?: string; json?: boolean }) => {
      openWorkspace(services, opts.workspace, false);
      const ws = services.requireWorkspace();
      let firstBillNumber: number | undefined;
      if (opts.firstBillNumber !== undefined) {
        if (!/^\d+$/.test(opts.firstBillNumber) || Number(opts.firstBillNumber) < 1) throw new CliFailure('--first-bill-number must be a whole number, 1 or more.', EXIT.FAILED);
        firstBillNumber = Number(opts.firstBillNumber);
      }
      const r = await ws.exclusive('a bill run', () => runBills(ws, { outDir: opts.out, actor: services.user, reissue: opts.reissue ?? false, firstBillNumber }));
      if (opts.json) {
        io.stdout.write(`${JSON.stringify({ ok: true, ...r }, null, 2)}\n`);
        return;
      }
      const lines = [
        `Bill run ${r.runNumber} (draft${opts.reissue ? ', re-issue' : ''}) written to ${r.outDir}`,
        `  accounts rows read ${r.control.rowsRead}: profiled ${r.control.profiled}, excluded ${r.control.excluded}, flagged ${r.control.flaggedRows}, identical duplicates ${r.control.identicalDuplicateRows}`,
        r.firstBillNumber === null ? '  no bills' : `  bill numbers ${r.firstBillNumber}–${r.lastBillNumber}`,
        'Profiles:',
        ...Object.entries(r.profiles).map(([p, n]) => `  ${p.padEnd(18)} ${n}`),
        'Exclusion reasons:',
        ...Object.entries(r.reasons).filter(([, n]) => n > 0).map(([c, n]) => `  ${c.padEnd(18)} ${n}`),
        'Totals per template (£):',
        ...Object.entries(r.totals).map(([t, v]) => `  ${t.padEnd(9)} bills ${String(v.bills).padStart(6)}  gross ${formatPoundsPlain(v.gross)}  discount ${formatPoundsPlain(v.discount)}  net ${formatPoundsPlain(v.net)}`),
        `Estimate differences over the limit (ESTIMATE_DIFF): ${r.estimateDiffs}`,
      ];
      io.stdout.write(`${lines.join('\n')}\n`);
    });

  program
    .command('override')
    .description("force a profile on an account, exclude it (MANUAL), or remove its override; always with a note")
    .requiredOption('--workspace <file>', 'workspace file (.ctbw)')
    .requiredOption('--account <account>', 'the account number')
    .option('--profile <code>', 'force this profile (DD100, DD75, CASH100, CASH75, CASH100_PAID, CASH75_PAID, CASH100_MOVED_IN, CASH75_MOVED_IN)')
    .option('--exclude', 'exclude the account (reason MANUAL)')
    .option('--remove', "remove the account's override (kept in the history)")
    .option('--note <text>', 'why (required to set an override)')
    .option('--json', 'print a machine-readable result')
    .action(async (opts: { workspace: string; account: string; profile?: string; exclude?: boolean; remove?: boolean; note?: string; json?: boolean }) => {
      const chosen = [opts.profile !== undefined, opts.exclude === true, opts.remove === true].filter(Boolean).length;
      if (chosen !== 1) throw new CliFailure('Give exactly one of --profile CODE, --exclude or --remove.', EXIT.FAILED);
      if (!opts.remove && (opts.note ?? '').trim() === '') throw new CliFailure('An override needs a note saying why: --note TEXT.', EXIT.FAILED);
      openWorkspace(services, opts.workspace, false);
      const note = opts.note ?? '';
      const v = opts.remove
        ? await call(services, 'overrides/remove', { account: opts.account, note: opts.note })
        : opts.profile !== undefined
          ? await call(services, 'overrides/set', { account: opts.account, action: 'force_profile', profile: opts.profile, note })
          : await call(services, 'overrides/set', { account: opts.account, action: 'exclude', note });
      if (opts.json) {
        io.stdout.write(`${JSON.stringify({ ok: true, removed: opts.remove === true, override: v }, null, 2)}\n`);
        return;
      }
      const what = v.action === 'force_profile' ? `profile ${v.profile ?? ''} forced` : 'excluded (MANUAL)';
      io.stdout.write(opts.remove ? `Account ${v.account}: override removed (was ${what}).\n` : `Account ${v.account}: ${what} — ${v.note}\n`);
    });

  program
    .command('settings')
    .description(
      'print or change the billing-year settings. --set key=value: nested keys with dots (billingPeriod.start); dates ISO (2022-04-01), months YYYY-MM; *Pence fields take whole pence (500) or pounds (£5.00); lineEnding LF or CRLF; handoffFolder a path',
    )
    .requiredOption('--workspace <file>', 'workspace file (.ctbw)')
    .option('--set <assignments...>', 'change settings, e.g. --set issueDate=2022-03-10 tolerancePence=£5.00')
    .option('--json', 'print a machine-readable result')
    .action(async (opts: { workspace: string; set?: string[]; json?: boolean }) => {
      openWorkspace(services, opts.workspace, false);
      let settings = await call(services, 'billing/settings/get', {});
      if (opts.set && opts.set.length > 0) settings = await call(services, 'billing/settings/set', applyAssignments(settings, opts.set));
      if (opts.json) {
        io.stdout.write(`${JSON.stringify(settings, null, 2)}\n`);
        return;
      }
      const flat = (prefix: string, v: unknown): string[] =>
        v !== null && typeof v === 'object' ? Object.entries(v).flatMap(([k, x]) => flat(prefix ? `${prefix}.${k}` : k, x)) : [`${prefix} = ${prefix === 'lineEnding' ? (v === '\r\n' ? 'CRLF' : 'LF') : v === null ? '(not set)' : String(v)}`];
      io.stdout.write(`${opts.set ? 'Saved. ' : ''}Billing settings:\n${flat('', settings).map((l) => `  ${l}`).join('\n')}\n`);
    });

  program
    .command('runs')
    .description('list the bill runs: number, status, when, who, counts, bill numbers')
    .requiredOption('--workspace <file>', 'workspace file (.ctbw)')
    .option('--json', 'print a machine-readable list')
    .action(async (opts: { workspace: string; json?: boolean }) => {
      openWorkspace(services, opts.workspace, false);
      const runs = await call(services, 'billing/runs', {});
      if (opts.json) {
        io.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
        return;
      }
      if (runs.length === 0) io.stdout.write('No bill runs yet.\n');
      for (const r of runs) {
        const numbers = r.firstBillNumber === null ? 'no bills' : `bill numbers ${r.firstBillNumber}–${r.lastBillNumber ?? ''}`;
        const approved = r.approvedBy ? `; approved by ${r.approvedBy} at ${r.approvedAt ?? ''}: ${r.approvalNote ?? ''}` : '';
        io.stdout.write(`${r.number}  ${r.status}${r.reissue ? ' (re-issue)' : ''}  ${r.createdAt} by ${r.createdBy}  bills ${r.bills}, excluded ${r.excluded}, ${numbers}${approved}\n`);
      }
    });

  program
    .command('approve')
    .description('approve a draft bill run (by an officer other than the one who made it), with a note')
    .argument('<run>', 'run number (or id)')
    .requiredOption('--workspace <file>', 'workspace file (.ctbw)')
    .option('--note <text>', 'the approval note (required)')
    .option('--json', 'print a machine-readable result')
    .action(async (run: string, opts: { workspace: string; note?: string; json?: boolean }) => {
      if ((opts.note ?? '').trim() === '') throw new CliFailure('Approving a run needs a note: --note TEXT.', EXIT.FAILED);
      openWorkspace(services, opts.workspace, false);
      const r = await call(services, 'billing/approve', { run, note: opts.note ?? '' });
      io.stdout.write(opts.json ? `${JSON.stringify(r, null, 2)}\n` : `Bill run ${r.number} approved by ${r.approvedBy ?? ''}.\n`);
    });

  program
    .command('release')
    .description("copy an approved run's bill files and manifests to the hand-off folder (hashes checked) and mark it released")
    .argument('<run>', 'run number (or id)')
    .requiredOption('--workspace <file>', 'workspace file (.ctbw)')
    .option('--json', 'print a machine-readable result')
    .action(async (run: string, opts: { workspace: string; json?: boolean }) => {
      openWorkspace(services, opts.workspace, false);
      const r = await call(services, 'billing/release', { run });
      io.stdout.write(opts.json ? `${JSON.stringify(r, null, 2)}\n` : `Bill run ${r.run.number} released: ${r.files.length} files copied to ${r.folder}.\n`);
    });

  program
    .command('rows')
    .description('print the staged rows of a source in file order, in canonical columns')
    .requiredOption('--workspace <file>', 'workspace file (.ctbw)')
    .addOption(sourceOption())
    .addOption(new Option('--format <format>', 'output format').choices(['csv', 'json']).default('csv'))
    .option('--out <file>', 'write to a file (CSV gets a byte-order mark for Excel)')
    .action((opts: { workspace: string; source: ImportableSource; format: string; out?: string }) => {
      openWorkspace(services, opts.workspace, false);
      const ws = services.requireWorkspace();
      const def = sourceDef(opts.source);
      const out = opts.out ? fs.openSync(opts.out, 'w') : null;
      const write = (s: string) => (out !== null ? fs.writeSync(out, s) : io.stdout.write(s));
      try {
        if (opts.format === 'json') {
          write('[');
          let first = true;
          for (const r of iterateStagedRows(ws.db, opts.source)) {
            const obj = Object.fromEntries(def.columns.map((c, i) => [c.name, r.values[i]]));
            write(`${first ? '\n' : ',\n'}${JSON.stringify({ ...obj, flagged: r.flagged ? 1 : 0 })}`);
            first = false;
          }
          write('\n]\n');
        } else {
          if (out !== null) write(UTF8_BOM);
          write(csvLine([...def.columns.map((c) => c.name), 'flagged']));
          for (const r of iterateStagedRows(ws.db, opts.source)) write(csvLine([...r.values, r.flagged ? '1' : '0']));
        }
      } finally {
        if (out !== null) fs.closeSync(out);
      }
    });

  program
    .command('review')
    .description("list findings with their review state, or change states: mark reviewed (note required), exclude the rows (note required), reopen")
    .requiredOption('--workspace <file>', 'workspace file (.ctbw)')
    .addOption(new Option('--state <state>', 'only findings in this state').choices(['open', 'reviewed', 'fixed', 'excluded']))
    .option('--rule <rule>', 'only this rule or check code')
    .option('--account <account>', 'only findings about this account')
    .option('--mark-reviewed <ids...>', 'mark these findings reviewed (ids as listed: v12, r3)')
    .option('--exclude <ids...>', 'exclude the rows these findings are about')
    .option('--reopen <ids...>', 'put these findings back to open')
    .option('--note <text>', 'why (required to mark reviewed or exclude)')
    .option('--json', 'print a machine-readable result')
    .action(async (opts: { workspace: string; state?: 'open' | 'reviewed' | 'fixed' | 'excluded'; rule?: string; account?: string; markReviewed?: string[]; exclude?: string[]; reopen?: string[]; note?: string; json?: boolean }) => {
      openWorkspace(services, opts.workspace, false);
      const note = (opts.note ?? '').trim();
      if ((opts.markReviewed || opts.exclude) && note === '') throw new CliFailure('Say why with --note TEXT.', EXIT.FAILED);
      const changes: string[] = [];
      if (opts.markReviewed) changes.push(`${(await call(services, 'review/setState', { ids: opts.markReviewed, state: 'reviewed', note })).updated} marked reviewed`);
      if (opts.exclude) changes.push(`${(await call(services, 'review/excludeRows', { ids: opts.exclude, note })).excludedRows} rows excluded`);
      if (opts.reopen) changes.push(`${(await call(services, 'review/setState', { ids: opts.reopen, state: 'open', note })).updated} reopened`);
      if (changes.length > 0) {
        io.stdout.write(opts.json ? `${JSON.stringify({ ok: true, changes }, null, 2)}\n` : `${changes.join('; ')}.\n`);
        return;
      }
      const items: ResponseOf<'review/findings'>['items'] = [];
      let counts: ResponseOf<'review/findings'>['counts'] | null = null;
      for (let offset = 0; ; offset += 1000) {
        const page = await call(services, 'review/findings', { state: opts.state, rule: opts.rule, account: opts.account, offset, limit: 1000 });
        counts ??= page.counts;
        items.push(...page.items);
        if (items.length >= page.total || page.items.length === 0) break;
      }
      if (opts.json) {
        io.stdout.write(`${JSON.stringify({ counts, findings: items }, null, 2)}\n`);
        return;
      }
      for (const f of items) {
        const where = f.kind === 'validation' ? `${f.fileName ?? f.source}${f.line !== null ? `:${f.line}` : ''}` : f.source;
        io.stdout.write(`${f.id.padEnd(6)} ${f.state.padEnd(8)} ${f.severity.padEnd(7)} ${f.rule.padEnd(20)} ${where}  ${f.message}\n`);
      }
      io.stdout.write(`${counts!.open} open, ${counts!.reviewed} reviewed, ${counts!.fixed} fixed, ${counts!.excluded} excluded.\n`);
    });

  program
    .command('undo')
    .description('undo your most recent change (a correction, exclusion, review state, override or death decision)')
    .requiredOption('--workspace <file>', 'workspace file (.ctbw)')
    .action(async (opts: { workspace: string }) => {
      openWorkspace(services, opts.workspace, false);
      const [latest] = await call(services, 'undo/list', {});
      if (!latest) throw new CliFailure('You have no change to undo.', EXIT.FAILED);
      io.stdout.write(`Undone: ${(await call(services, 'undo/apply', { id: latest.id })).undone}\n`);
    });

  program
    .command('audit')
    .description('print or export the audit trail (who, when, what, before, after, note)')
    .requiredOption('--workspace <file>', 'workspace file (.ctbw)')
    .option('--actor <name>', 'only this officer')
    .option('--action <action>', 'only this action (row.edit, row.exclude, finding.review, overrides/set, …)')
    .option('--search <text>', 'account number, key or words of the note')
    .addOption(new Option('--format <format>', 'write the trail in this format to --out').choices(['csv', 'xlsx']))
    .option('--out <file>', 'where to write the export')
    .action(async (opts: { workspace: string; actor?: string; action?: string; search?: string; format?: 'csv' | 'xlsx'; out?: string }) => {
      openWorkspace(services, opts.workspace, false);
      const filters = { actor: opts.actor, action: opts.action, search: opts.search };
      if (opts.format || opts.out) {
        if (!opts.format || !opts.out) throw new CliFailure('Give both --format and --out to export the trail.', EXIT.FAILED);
        const db = services.requireWorkspace().db;
        const n = opts.format === 'xlsx' ? await writeAuditXlsx(db, filters, opts.out) : writeAuditCsv(db, filters, opts.out);
        io.stdout.write(`Wrote ${n} audit entries to ${opts.out}.\n`);
        return;
      }
      for (let offset = 0; ; offset += 1000) {
        const page = await call(services, 'audit/list', { ...filters, offset, limit: 1000 });
        for (const e of page.items) io.stdout.write(`${e.at}  ${e.actor}  ${e.action}  ${e.entity ?? ''} ${e.entityKey ?? ''}${e.note ? `  "${e.note}"` : ''}\n`);
        if (offset + page.items.length >= page.total || page.items.length === 0) break;
      }
    });

  program
    .command('backup')
    .description('write a checked single-file backup of a workspace, for hand-over or safe keeping')
    .requiredOption('--workspace <file>', 'workspace file (.ctbw)')
    .requiredOption('--out <file>', `the backup file to create (never overwritten), e.g. october${BACKUP_EXTENSION}`)
    .action((opts: { workspace: string; out: string }) => {
      openWorkspace(services, opts.workspace, false);
      const ws = services.requireWorkspace();
      if (fs.existsSync(opts.out)) throw new CliFailure(`${opts.out} already exists; choose another name.`, EXIT.FAILED);
      const check = writeBackup(ws, path.resolve(opts.out));
      ws.audit({ actor: services.user, action: 'workspace/backup', entity: 'workspace', entityKey: ws.info().id, after: { file: path.basename(opts.out), bytes: check.bytes, sha256: check.sha256, schemaVersion: check.schemaVersion } });
      io.stdout.write(`Backup written to ${opts.out} (${check.bytes} bytes, SHA-256 ${check.sha256}).\n`);
    });

  program
    .command('restore')
    .description('restore a workspace backup to a new workspace file (never over an existing file) and check it opens')
    .argument('<backup>', 'the backup file')
    .requiredOption('--to <file>', 'the new workspace file (.ctbw)')
    .action(async (backup: string, opts: { to: string }) => {
      const ref = await call(services, 'files/registerPath', { path: path.resolve(backup) });
      const info = await call(services, 'workspace/restore', { file: ref.token, path: path.resolve(opts.to) });
      io.stdout.write(`Restored ${path.basename(backup)} to ${info.path} (workspace "${info.name}", schema version ${info.schemaVersion}).\n`);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version are successes; every other parse problem is bad usage.
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' ? EXIT.OK : EXIT.FAILED;
    }
    if (e instanceof CliFailure) {
      io.stderr.write(`ctb: ${e.message}\n`);
      return e.code;
    }
    if (isAppError(e)) {
      io.stderr.write(`ctb: ${e.message}\n`);
      return EXIT.FAILED;
    }
    throw e;
  } finally {
    services.dispose();
  }
}
