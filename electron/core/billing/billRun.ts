// A bill run (billing-rules.md, "Bill numbers, barcodes, runs"; fdm-print-format.md, "Writing
// the 2021/22 bill files"): every usable account is classified, the profiled ones are numbered
// in account-number order and written to one file per template with a manifest, the excluded
// ones to exclusions.csv, and the run is recorded in the workspace (its bills, exclusions,
// counts, totals and file hashes) in one transaction. The control totals are proved before
// anything is kept: a run that does not add up writes nothing.
import { createHash, randomUUID } from 'node:crypto';
import { proofsFromBills, writeSummary } from './summaryReport';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import {
  BILL_TEMPLATES,
  correspondenceAddress as printCorrespondence,
  formatMonthLabels,
  formatPoundsPlain,
  isCashTemplate,
  isDiscountTemplate,
  joinLeadName,
  paymentBarcode,
  renderBillFile,
  renderManifest,
  settingsMonths,
  unencodableInLatin1,
  type BillTemplate,
  type BillToPrint,
  type PrintSettings,
} from '../../../shared/billing/printFile';
import {
  DEFAULT_SETTINGS_2021_22,
  EXCLUSION_CODES,
  PROFILES,
  billAmounts,
  breakdownFor,
  classify,
  estimateDiffers,
  instalmentCount,
  instalmentMonths,
  isProfiled,
  primaryFdmBill,
  splitInstalments,
  validateSettings,
  type AccountInput,
  type BillingSettings,
  type Exclusion,
  type ProfileId,
} from '../../../shared/billing/rules';
import { AppError } from '../../../shared/errors';
import { compareAccountNumbers } from '../../../shared/values/accountNumber';
import { formatMoneyForDisplay } from '../../../shared/values/money';
import { csvLine, UTF8_BOM } from '../export/csvWriter';
import type { Workspace } from '../workspace/workspace';
import { readAccountInputs, readBandBreakdown, readExemptReasons } from './accountInputs';
import { listOverrides } from './overrides';
import { loadSettings } from './settingsStore';
import type { JobContext } from '../jobs/jobManager';

/** The `source` of the ESTIMATE_DIFF findings: the account's estimate is in `accounts` (as expected/reconciliation.csv has it). */
export const ESTIMATE_DIFF_SOURCE = 'accounts';

export interface RunBillsOptions {
  /** Folder the files are written to (created if missing). */
  outDir: string;
  /** Billing-year settings; the workspace's saved settings (2021/22 defaults) for anything left out. */
  settings?: Partial<BillingSettings>;
  /**
   * The first bill number of this run. By default one above the highest bill number of any
   * earlier run in the workspace, or `settings.firstBillNumber` for the first run.
   */
  firstBillNumber?: number;
  /** Who made the run. */
  actor: string;
  /** A re-issue: accounts billed in an earlier approved run are billed again. */
  reissue?: boolean;
  /** When run as a job: progress at each phase, and a last chance to cancel before anything is written. */
  ctx?: JobContext;
}

export interface TemplateTotals {
  bills: number;
  gross: number;
  discount: number;
  net: number;
}

export interface BillRunFile {
  bytes: number;
  sha256: string;
}

export interface BillRunControl {
  rowsRead: number;
  flaggedRows: number;
  identicalDuplicateRows: number;
  accounts: number;
  profiled: number;
  excluded: number;
}

export interface BillRunResult {
  runId: string;
  runNumber: number;
  createdAt: string;
  createdBy: string;
  status: 'draft';
  outDir: string;
  settings: BillingSettings;
  firstBillNumber: number | null;
  lastBillNumber: number | null;
  control: BillRunControl;
  /** Accounts per profile (every profile listed, 0 included). */
  profiles: Record<string, number>;
  /** Accounts per exclusion reason (an account counts once under each of its reasons). */
  reasons: Record<string, number>;
  /** Per template, in pence. */
  totals: Record<BillTemplate, TemplateTotals>;
  /** Per profile, in pence. */
  profileTotals: Record<string, TemplateTotals>;
  /** File name → size and SHA-256. */
  files: Record<string, BillRunFile>;
  /** Accounts whose net differs from the estimate by more than the limit. */
  estimateDiffs: number;
}

interface Billed {
  input: AccountInput;
  bill: BillToPrint;
}

interface Excluded {
  input: AccountInput;
  exclusions: Exclusion[];
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

function resolveSettings(saved: BillingSettings, partial: Partial<BillingSettings> | undefined): BillingSettings {
  const merged: Record<string, unknown> = { ...saved, ...(partial ?? {}) };
  // Only the billing settings themselves are recorded with the run (not e.g. the hand-off folder).
  const settings = Object.fromEntries(Object.keys(DEFAULT_SETTINGS_2021_22).map((k) => [k, merged[k]])) as unknown as BillingSettings;
  const problems = validateSettings(settings);
  if (problems.length > 0) throw new AppError('BAD_REQUEST', `The billing settings cannot be used: ${problems.map((p) => p.message).join(' ')}`);
  return settings;
}

function printSettings(s: BillingSettings): PrintSettings {
  return {
    periodStart: s.billingPeriod.start,
    periodEnd: s.billingPeriod.end,
    issueDate: s.issueDate,
    ddInstalmentMonths: instalmentMonths(s.ddInstalments),
    cashInstalmentMonths: instalmentMonths(s.cashInstalments),
  };
}

function encode(text: string, settings: BillingSettings, fileName: string): Buffer {
  if (settings.fileEncoding === 'utf-8') return Buffer.from(text, 'utf8');
  // ISO-8859-1 (and windows-1252, which agrees with it on every character a bill can hold here).
  const bad = /[\u0100-\uffff]/.test(text) ? unencodableInLatin1(text) : [];
  if (bad.length > 0) {
    throw new AppError(
      'BAD_REQUEST',
      `${fileName} would contain characters that ${settings.fileEncoding} cannot hold (${bad.map((c) => JSON.stringify(c)).join(', ')}). Correct the names or addresses, or choose UTF-8 in the billing settings.`,
    );
  }
  return Buffer.from(text, 'latin1');
}

function emptyTotals(): TemplateTotals {
  return { bills: 0, gross: 0, discount: 0, net: 0 };
}

function addTo(t: TemplateTotals, b: BillToPrint): void {
  t.bills += 1;
  t.gross += b.grossPence;
  t.discount += b.discountPence;
  t.net += b.netPence;
}

/** Pounds `1362.28` → 136228. */
function poundsToPence(s: string): number {
  const m = /^(-?)(\d+)\.(\d{2})$/.exec(s);
  if (!m) throw new Error(`not pounds: ${s}`);
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 100 + Number(m[3]));
}

/** Totals read back from a rendered manifest (its money columns). */
function manifestTotals(manifest: string): TemplateTotals {
  const t = emptyTotals();
  for (const line of manifest.split('\n').slice(1)) {
    if (line === '') continue;
    const cells = line.split(',');
    t.bills += 1;
    t.gross += poundsToPence(cells[4]);
    t.discount += poundsToPence(cells[5]);
    t.net += poundsToPence(cells[6]);
  }
  return t;
}

function sameTotals(a: TemplateTotals, b: TemplateTotals): boolean {
  return a.bills === b.bills && a.gross === b.gross && a.discount === b.discount && a.net === b.net;
}

function controlFailure(message: string): AppError {
  return new AppError('INTERNAL', `The bill run's control totals do not agree, so nothing was written: ${message}`);
}

function readControlCounts(db: Database): Pick<BillRunControl, 'rowsRead' | 'flaggedRows' | 'identicalDuplicateRows'> {
  const r = db
    .prepare(
      `SELECT count(*) AS n, coalesce(sum(_flagged <> 0 OR _excluded <> 0), 0) AS flagged, coalesce(sum(_flagged = 0 AND _excluded = 0 AND _duplicate_of IS NOT NULL), 0) AS dup FROM stg_accounts`,
    )
    .get() as { n: number; flagged: number; dup: number };
  return { rowsRead: r.n, flaggedRows: r.flagged, identicalDuplicateRows: r.dup };
}

/** Runs the bills of the workspace into `outDir` and records the run. */
export async function runBills(workspace: Workspace, options: RunBillsOptions): Promise<BillRunResult> {
  const db = workspace.db;
  const settings = resolveSettings(loadSettings(db), options.settings);
  const print = printSettings(settings);

  const hasAccounts = (db.prepare('SELECT count(*) FROM stg_accounts').pluck().get() as number) > 0;
  if (!hasAccounts) throw new AppError('BAD_REQUEST', 'There are no staged accounts to bill. Import the accounts file first.');

  const ctx = options.ctx;
  ctx?.progress('reading accounts', 0, 1);
  const inputs = readAccountInputs(db, { reissue: options.reissue });
  const breakdown = readBandBreakdown(db);
  const exemptReasons = readExemptReasons(db);
  const exemptReason = (cls: string): string | undefined => exemptReasons.get(cls.trim().toUpperCase());
  const control = readControlCounts(db);

  inputs.sort((a, b) => compareAccountNumbers(a.accountNumber, b.accountNumber));

  // --- classify ---------------------------------------------------------------------------
  ctx?.progress('classifying', 0, inputs.length);
  const profiled: { input: AccountInput; profile: ProfileId; template: BillTemplate }[] = [];
  const excluded: Excluded[] = [];
  for (const input of inputs) {
    const c = classify(input, settings, breakdown, exemptReason);
    if (isProfiled(c)) profiled.push({ input, profile: c.profile, template: c.template });
    else excluded.push({ input, exclusions: c.exclusions });
  }

  // --- number and price -------------------------------------------------------------------
  const highest = db.prepare('SELECT max(last_bill_number) FROM bill_runs').pluck().get() as number | null;
  const firstBillNumber = options.firstBillNumber ?? (highest === null ? settings.firstBillNumber : highest + 1);
  if (!Number.isSafeInteger(firstBillNumber) || firstBillNumber < 1) throw new AppError('BAD_REQUEST', 'The first bill number must be a whole number, 1 or more.');
  const billed: Billed[] = profiled.map(({ input, profile, template }, i) => {
    const recipients = breakdownFor(input.band, breakdown);
    const corr = printCorrespondence(
      { lines: [...input.forwardingAddress.lines], postcode: input.forwardingAddress.postcode },
      { lines: [...input.propertyAddress.lines], postcode: input.propertyAddress.postcode },
    );
    if (recipients === null || corr === null || input.band === null) {
      throw controlFailure(`account ${input.accountNumber} has profile ${profile} but no band breakdown or address.`);
    }
    const amounts = billAmounts(recipients, template);
    const split = splitInstalments(amounts.net, instalmentCount(template, settings));
    const print2020 = primaryFdmBill(input);
    const lead = input.leadLiable;
    const bill: BillToPrint = {
      template,
      profile,
      account: input.accountNumber,
      billNumber: firstBillNumber + i,
      leadName: joinLeadName(lead.title, lead.forename, lead.middlename, lead.surname),
      additionalNames: [...(print2020?.additionalNames ?? [])],
      correspondence: corr,
      propertyLines: [...input.propertyAddress.lines],
      band: input.band,
      grossPence: amounts.gross,
      discountPence: amounts.discount,
      netPence: amounts.net,
      overallPctHundredths: amounts.overallChangeHundredths,
      recipients: amounts.recipients.map((r) => ({ service: r.recipient, amountPence: r.amountPence, pctHundredths: r.pctHundredths })),
      discountText: isDiscountTemplate(template) ? (print2020?.discount1 ?? '') : '',
      instalments: { n: split.n, firstPence: split.first, otherPence: split.other, months: formatMonthLabels(settingsMonths(print, template)) },
      barcode: isCashTemplate(template) ? paymentBarcode(settings.cashBarcodePrefix, input.accountNumber) : '',
    };
    return { input, bill };
  });

  ctx?.progress('writing files', 0, BILL_TEMPLATES.length);
  // --- render -----------------------------------------------------------------------------
  const outputs = new Map<string, Buffer>();
  const totals = Object.fromEntries(BILL_TEMPLATES.map((t) => [t, emptyTotals()])) as Record<BillTemplate, TemplateTotals>;
  const fileTotals = Object.fromEntries(BILL_TEMPLATES.map((t) => [t, emptyTotals()])) as Record<BillTemplate, TemplateTotals>;
  for (const template of BILL_TEMPLATES) {
    const bills = billed.filter((b) => b.bill.template === template).map((b) => b.bill);
    for (const b of bills) addTo(fileTotals[template], b);
    const name = `${template}.txt`;
    const text = renderBillFile(bills, print, { lineEnding: settings.lineEnding });
    outputs.set(name, encode(text, settings, name));
    const manifest = renderManifest(bills);
    outputs.set(`${template}.manifest.csv`, Buffer.from(manifest, 'utf8'));
    // The file holds one bill per separator line; the manifest adds up to the same money.
    const separators = text.split(settings.lineEnding).filter((l) => l === '----------').length;
    if (separators !== bills.length) throw controlFailure(`${name} holds ${separators} bills, not ${bills.length}.`);
    ctx?.progress('writing files', BILL_TEMPLATES.indexOf(template) + 1, BILL_TEMPLATES.length);
    const fromManifest = manifestTotals(manifest);
    if (!sameTotals(fromManifest, fileTotals[template])) throw controlFailure(`the manifest of ${template} does not add up to the bills in ${name}.`);
  }

  let exclusionsCsv = UTF8_BOM + csvLine(['account', 'reasons', 'details']);
  for (const e of excluded) exclusionsCsv += csvLine([e.input.accountNumber, e.exclusions.map((x) => x.code).join(';'), e.exclusions.map((x) => x.text).join(' ')]);
  outputs.set('exclusions.csv', Buffer.from(exclusionsCsv, 'utf8'));

  // --- counts and control totals ------------------------------------------------------------
  const profiles: Record<string, number> = Object.fromEntries(PROFILES.map((p) => [p.id, 0]));
  const profileTotals: Record<string, TemplateTotals> = Object.fromEntries(PROFILES.map((p) => [p.id, emptyTotals()]));
  for (const { bill } of billed) {
    profiles[bill.profile] += 1;
    addTo(profileTotals[bill.profile], bill);
  }
  const reasons: Record<string, number> = Object.fromEntries(EXCLUSION_CODES.map((c) => [c, 0]));
  for (const e of excluded) for (const x of e.exclusions) reasons[x.code] += 1;

  const accountsSeen = new Set(inputs.map((i) => i.accountNumber));
  if (accountsSeen.size !== inputs.length) throw controlFailure(`${inputs.length - accountsSeen.size} account(s) have more than one usable accounts row.`);
  if (excluded.some((e) => e.exclusions.length === 0)) throw controlFailure('an account has neither a profile nor a reason.');
  const fullControl: BillRunControl = { ...control, accounts: inputs.length, profiled: billed.length, excluded: excluded.length };
  const sum = fullControl.profiled + fullControl.excluded + fullControl.flaggedRows + fullControl.identicalDuplicateRows;
  if (sum !== fullControl.rowsRead) {
    throw controlFailure(
      `profiled ${fullControl.profiled} + excluded ${fullControl.excluded} + flagged rows ${fullControl.flaggedRows} + identical duplicate rows ${fullControl.identicalDuplicateRows} = ${sum}, but ${fullControl.rowsRead} accounts rows were read.`,
    );
  }
  for (const template of BILL_TEMPLATES) {
    for (const b of billed) if (b.bill.template === template) addTo(totals[template], b.bill);
    const byProfile = emptyTotals();
    for (const p of PROFILES.filter((p) => p.template === template)) {
      const t = profileTotals[p.id];
      byProfile.bills += t.bills;
      byProfile.gross += t.gross;
      byProfile.discount += t.discount;
      byProfile.net += t.net;
    }
    if (!sameTotals(byProfile, totals[template]) || !sameTotals(totals[template], fileTotals[template])) {
      throw controlFailure(`the ${template} totals per profile (${formatMoneyForDisplay(byProfile.net)}) and in the file (${formatMoneyForDisplay(fileTotals[template].net)}) differ.`);
    }
  }

  const estimateDiffs = billed.filter((b) => estimateDiffers(b.bill.netPence, b.input.estimate2122Pence, settings));

  // --- record and write, all or nothing ---------------------------------------------------------
  const runId = randomUUID();
  const createdAt = new Date().toISOString();
  const outDir = path.resolve(options.outDir);
  const files: Record<string, BillRunFile> = {};
  for (const [name, buf] of outputs) files[name] = { bytes: buf.length, sha256: sha256(buf) };
  const firstNumber = billed.length > 0 ? firstBillNumber : null;
  const lastNumber = billed.length > 0 ? firstBillNumber + billed.length - 1 : null;

  ctx?.throwIfCancelled();
  return workspace.inWriteTransaction(async (w) => {
    const runNumber = (w.prepare('SELECT coalesce(max(number), 0) + 1 FROM bill_runs').pluck().get() as number);
    const result: BillRunResult = {
      runId,
      runNumber,
      createdAt,
      createdBy: options.actor,
      status: 'draft',
      outDir,
      settings,
      firstBillNumber: firstNumber,
      lastBillNumber: lastNumber,
      control: fullControl,
      profiles,
      reasons,
      totals,
      profileTotals,
      files,
      estimateDiffs: estimateDiffs.length,
    };
    w.prepare(
      `INSERT INTO bill_runs (id, number, created_at, created_by, settings, status, reissue, first_bill_number, last_bill_number, counts, totals, files, out_dir)
       VALUES (?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      runId,
      runNumber,
      createdAt,
      options.actor,
      JSON.stringify(settings),
      options.reissue ? 1 : 0,
      firstNumber,
      lastNumber,
      JSON.stringify({ ...fullControl, profiles, reasons }),
      JSON.stringify({ templates: totals, profiles: profileTotals }),
      JSON.stringify(files),
      outDir,
    );
    const insertBill = w.prepare(
      `INSERT INTO run_bills (run_id, account, profile, template, bill_number, gross, discount, net, first_instalment, other_instalment, instalments, barcode)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const { bill: b } of billed) {
      insertBill.run(runId, b.account, b.profile, b.template, b.billNumber, b.grossPence, b.discountPence, b.netPence, b.instalments.firstPence, b.instalments.otherPence, b.instalments.n, b.barcode);
    }
    const insertExclusion = w.prepare('INSERT INTO run_exclusions (run_id, account, code, detail) VALUES (?, ?, ?, ?)');
    for (const e of excluded) for (const x of e.exclusions) insertExclusion.run(runId, e.input.accountNumber, x.code, x.text);

    w.prepare(`DELETE FROM reconciliation_findings WHERE code = 'ESTIMATE_DIFF'`).run();
    const insertFinding = w.prepare(
      `INSERT INTO reconciliation_findings (code, severity, account, source, ref, message, rows, checked_at) VALUES ('ESTIMATE_DIFF', 'warning', ?, ?, NULL, ?, '[]', ?)`,
    );
    for (const { input, bill } of estimateDiffs) {
      const estimate = input.estimate2122Pence ?? 0;
      insertFinding.run(
        input.accountNumber,
        ESTIMATE_DIFF_SOURCE,
        `The ${bill.template} bill of account ${input.accountNumber} is ${formatMoneyForDisplay(bill.netPence)}, but its estimated 2021/22 charge is ${formatMoneyForDisplay(estimate)} (a difference of ${formatMoneyForDisplay(bill.netPence - estimate)}, more than ${formatMoneyForDisplay(settings.estimateWarningPence)}).`,
        createdAt,
      );
    }
    workspace.audit({ actor: options.actor, action: 'bills/run', entity: 'bill_run', entityKey: runId, after: { number: runNumber, outDir, profiled: billed.length, excluded: excluded.length } }, w);

    // The files last: a failure to write rolls the record back.
    fs.mkdirSync(outDir, { recursive: true });
    for (const [name, buf] of outputs) fs.writeFileSync(path.join(outDir, name), buf);
    const runJson = {
      run: { id: runId, number: runNumber, createdAt, createdBy: options.actor, status: 'draft', reissue: options.reissue ?? false },
      settings,
      billNumbers: { first: firstNumber, last: lastNumber },
      control: fullControl,
      counts: { profiles, reasons },
      totals: Object.fromEntries(BILL_TEMPLATES.map((t) => [t, { ...totals[t], grossPounds: formatPoundsPlain(totals[t].gross), netPounds: formatPoundsPlain(totals[t].net) }])),
      profileTotals,
      estimateDiffs: estimateDiffs.map((b) => b.input.accountNumber),
      overrides: listOverrides(w).map((o) => ({ account: o.account, action: o.action, profile: o.profile, note: o.note, by: o.createdBy, at: o.createdAt })),
      files,
    };
    fs.writeFileSync(path.join(outDir, 'run.json'), `${JSON.stringify(runJson, null, 2)}\n`);
    // The printable summary: like run.json it differs between runs only in its time stamp.
    await writeSummary(outDir, {
      generatedAt: createdAt,
      runNumber,
      runId,
      createdAt,
      createdBy: options.actor,
      status: 'draft',
      reissue: options.reissue ?? false,
      settings: { billingPeriod: settings.billingPeriod, issueDate: settings.issueDate, firstBillNumber: firstNumber, lastBillNumber: lastNumber },
      profiles,
      reasons,
      totals,
      control: { ...fullControl },
      estimateDiffs: estimateDiffs.length,
      files,
      proofs: proofsFromBills(
        billed.map((b) => b.bill),
        print,
      ),
    });
    return result;
  });
}
