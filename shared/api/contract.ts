import { z } from 'zod';
import { IMPORTABLE_SOURCE_NAMES, type ImportableSource } from '../sources/catalog';
import { ERROR_CODES } from '../errors';
import { EVENT_NAMES as EVENT_NAME_LIST, METHOD_NAMES as METHOD_NAME_LIST } from './names';

// The one API contract. Every transport (Electron IPC, the loopback WebSocket, the test
// harness) is derived from this table, so a method cannot exist on one and not another,
// and every message is parsed against its schema where it arrives.

const importableSource = z.enum(IMPORTABLE_SOURCE_NAMES as [ImportableSource, ...ImportableSource[]]);
const severity = z.enum(['error', 'warning', 'info']);

export const workspaceInfo = z.object({
  id: z.string(),
  path: z.string(),
  name: z.string(),
  createdAt: z.string(),
  schemaVersion: z.number().int(),
});
export type WorkspaceInfo = z.infer<typeof workspaceInfo>;

export const recentWorkspace = z.object({ path: z.string(), name: z.string(), openedAt: z.string(), exists: z.boolean() });
export type RecentWorkspace = z.infer<typeof recentWorkspace>;

/** A file the officer chose. The renderer only ever holds the token, never a path it can invent. */
export const fileRef = z.object({ token: z.string().min(1), name: z.string(), size: z.number().int().nonnegative() });
export type FileRef = z.infer<typeof fileRef>;

export const columnMapping = z.array(z.string().nullable());

export const mappingProposalView = z.object({
  /** How the file is read: tabular files need a column mapping, the others do not. */
  format: z.enum(['tabular', 'fdm_bills', 'fdm_exemptions', 'death_list']),
  /** For print bill files: the run guessed from the file name. */
  suggestedRun: z.string().nullable(),
  /** For workbooks: the sheets, and the one read. */
  sheets: z.array(z.string()),
  sheet: z.string().nullable(),
  encoding: z.string(),
  bom: z.boolean(),
  lineEnding: z.enum(['CRLF', 'LF', 'CR', 'none']),
  headers: z.array(z.string()),
  mapping: columnMapping,
  origin: z.array(z.enum(['saved', 'matched', 'none'])),
  missing: z.array(z.string()),
  problems: z.array(z.object({ column: z.string(), message: z.string() })),
  sampleRows: z.array(z.array(z.string())),
  columns: z.array(z.object({ name: z.string(), label: z.string(), type: z.string(), required: z.boolean() })),
});
export type MappingProposalView = z.infer<typeof mappingProposalView>;

export const countsByRule = z.record(z.string(), z.number().int());

export const importBatch = z.object({
  id: z.string(),
  source: z.string(),
  run: z.string().nullable(),
  sheet: z.string().nullable(),
  fileName: z.string(),
  fileSize: z.number().int(),
  sha256: z.string(),
  encoding: z.string(),
  mapping: z.array(z.object({ header: z.string(), column: z.string().nullable() })),
  rowsRead: z.number().int(),
  rowsStaged: z.number().int(),
  rowsFlagged: z.number().int(),
  rowsRejected: z.number().int(),
  errors: z.number().int(),
  warnings: z.number().int(),
  errorsByRule: countsByRule,
  warningsByRule: countsByRule,
  moneyTotals: z.record(z.string(), z.number().int()),
  importedBy: z.string(),
  importedAt: z.string(),
  status: z.enum(['active', 'superseded']),
});
export type ImportBatch = z.infer<typeof importBatch>;

export const finding = z.object({
  id: z.number().int(),
  batchId: z.string(),
  source: z.string(),
  fileName: z.string(),
  sheet: z.string().nullable(),
  line: z.number().int().nullable(),
  column: z.string().nullable(),
  cellRef: z.string().nullable(),
  rawValue: z.string().nullable(),
  rule: z.string(),
  severity,
  message: z.string(),
  rowId: z.number().int().nullable(),
  rowKey: z.string().nullable(),
});
export type Finding = z.infer<typeof finding>;

export const findingsQuery = z.object({
  batchId: z.string().optional(),
  source: importableSource.optional(),
  severity: severity.optional(),
  rule: z.string().optional(),
  offset: z.number().int().nonnegative().default(0),
  limit: z.number().int().positive().max(1000).default(200),
});

export const gridColumn = z.object({ name: z.string(), label: z.string(), type: z.string() });
export type GridColumn = z.infer<typeof gridColumn>;

export const rowsQuery = z.object({
  source: importableSource,
  offset: z.number().int().nonnegative().default(0),
  limit: z.number().int().positive().max(1000).default(200),
  sort: z.object({ column: z.string(), direction: z.enum(['asc', 'desc']) }).optional(),
  search: z.string().max(200).optional(),
  flaggedOnly: z.boolean().optional(),
  excludedOnly: z.boolean().optional(),
  /** Only these rows (opening a finding's rows in the grid). */
  rowIds: z.array(z.number().int()).max(1000).optional(),
  /** Filter by one column: rows whose displayed value starts with this text. */
  filter: z.object({ column: z.string(), value: z.string().max(200) }).optional(),
});
export type RowsQuery = z.input<typeof rowsQuery>;

/** A staged row as the grid shows it: values already formatted for display, plus row facts. */
export const stagedRow = z.object({
  rowId: z.number().int(),
  line: z.number().int(),
  flagged: z.boolean(),
  duplicate: z.boolean(),
  /** An officer excluded the row: it takes no part in checks, bills or pushes. */
  excluded: z.boolean(),
  /** Columns an officer corrected (their values are the corrected ones). */
  edited: z.array(z.string()),
  /** The natural key the row's edits and exclusions are kept by. */
  rowKey: z.string(),
  values: z.array(z.string()),
});
export type StagedRow = z.infer<typeof stagedRow>;

export const jobStatus = z.enum(['running', 'succeeded', 'failed', 'cancelled']);
export const jobProgress = z.object({
  jobId: z.string(),
  kind: z.string(),
  phase: z.string(),
  done: z.number(),
  total: z.number(),
});
export type JobProgress = z.infer<typeof jobProgress>;

export const jobState = z.object({
  jobId: z.string(),
  kind: z.string(),
  status: jobStatus,
  phase: z.string(),
  done: z.number(),
  total: z.number(),
  result: z.unknown().optional(),
  error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }).optional(),
});
export type JobState = z.infer<typeof jobState>;

export const deathEntry = z.object({
  entryId: z.string(),
  reference: z.number().int(),
  names: z.string(),
  dateOfDeath: z.string(),
  address: z.string(),
  status: z.enum(['unmatched', 'confirmed', 'not_found']),
  account: z.string().nullable(),
  matchedName: z.string().nullable(),
  proposedAccount: z.string().nullable(),
  proposedName: z.string().nullable(),
  candidates: z.array(z.object({ account: z.string(), score: z.number(), reasons: z.array(z.string()) })),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
});
export type DeathEntryView = z.infer<typeof deathEntry>;

const empty = z.object({}).strict();

/** The workspace's billing-year settings (shared/billing/rules/settings.ts) plus the hand-off folder. Money in pence. */
const instalmentSchedule = z.object({ count: z.number().int(), firstMonth: z.string() });
export const billingSettings = z.object({
  billingPeriod: z.object({ start: z.string(), end: z.string() }),
  issueDate: z.string(),
  previousYear: z.object({ start: z.string(), end: z.string(), days: z.number().int() }),
  ddInstalments: instalmentSchedule,
  cashInstalments: instalmentSchedule,
  tolerancePence: z.number().int(),
  estimateWarningPence: z.number().int(),
  firstBillNumber: z.number().int(),
  cashBarcodePrefix: z.string(),
  fileEncoding: z.enum(['iso-8859-1', 'windows-1252', 'utf-8']),
  lineEnding: z.enum(['\n', '\r\n']),
  handoffFolder: z.string().nullable(),
});
export type BillingSettingsView = z.infer<typeof billingSettings>;

export const billRun = z.object({
  id: z.string(),
  number: z.number().int(),
  status: z.enum(['draft', 'approved', 'released']),
  reissue: z.boolean(),
  createdAt: z.string(),
  createdBy: z.string(),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  approvalNote: z.string().nullable(),
  bills: z.number().int(),
  excluded: z.number().int(),
  firstBillNumber: z.number().int().nullable(),
  lastBillNumber: z.number().int().nullable(),
  outDir: z.string().nullable(),
});
export type BillRunView = z.infer<typeof billRun>;

export const accountOverride = z.object({
  id: z.number().int(),
  account: z.string(),
  action: z.enum(['force_profile', 'exclude']),
  profile: z.string().nullable(),
  note: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type AccountOverrideView = z.infer<typeof accountOverride>;

const templateTotals = z.object({ bills: z.number().int(), gross: z.number().int(), discount: z.number().int(), net: z.number().int() });
/** What the bills screen shows of a finished run (money in pence). */
export const billRunView = z.object({
  runId: z.string(),
  runNumber: z.number().int(),
  createdAt: z.string(),
  createdBy: z.string(),
  outDir: z.string(),
  firstBillNumber: z.number().int().nullable(),
  lastBillNumber: z.number().int().nullable(),
  control: z.object({
    rowsRead: z.number().int(),
    flaggedRows: z.number().int(),
    identicalDuplicateRows: z.number().int(),
    accounts: z.number().int(),
    profiled: z.number().int(),
    excluded: z.number().int(),
  }),
  profiles: z.record(z.string(), z.number().int()),
  reasons: z.record(z.string(), z.number().int()),
  totals: z.record(z.string(), templateTotals),
  files: z.array(z.string()),
  estimateDiffs: z.number().int(),
});
export type BillRunSummaryView = z.infer<typeof billRunView>;


// ---- Review: finding states, edits, exclusions, undo, audit (issue 5) ----

export const findingState = z.enum(['open', 'reviewed', 'fixed', 'excluded']);
export type FindingState = z.infer<typeof findingState>;
export const findingKind = z.enum(['validation', 'reconciliation']);

/**
 * A finding as the review screens show it: a validation finding from an import ("v<id>") or a
 * cross-source check ("r<id>"), with its state. The state is kept by kind, source, rule and
 * the row's natural key, so it survives re-imports and re-checks.
 */
export const reviewFinding = z.object({
  id: z.string(),
  kind: findingKind,
  source: z.string(),
  fileName: z.string().nullable(),
  sheet: z.string().nullable(),
  line: z.number().int().nullable(),
  column: z.string().nullable(),
  cellRef: z.string().nullable(),
  rawValue: z.string().nullable(),
  rule: z.string(),
  severity,
  message: z.string(),
  /** The staged row it is about, when there is one (validation findings). */
  rowId: z.number().int().nullable(),
  rowKey: z.string().nullable(),
  account: z.string().nullable(),
  /** The staged rows a reconciliation finding links to. */
  rows: z.array(z.object({ source: z.string(), rowId: z.number().int(), line: z.number().int().nullable() })),
  state: findingState,
  stateNote: z.string().nullable(),
  stateBy: z.string().nullable(),
  stateAt: z.string().nullable(),
});
export type ReviewFinding = z.infer<typeof reviewFinding>;

export const reviewFindingsQuery = z.object({
  kind: findingKind.optional(),
  source: z.string().max(100).optional(),
  severity: severity.optional(),
  rule: z.string().max(100).optional(),
  state: findingState.optional(),
  /** Account number, row key, file name or words of the message. */
  search: z.string().max(200).optional(),
  account: z.string().max(50).optional(),
  offset: z.number().int().nonnegative().default(0),
  limit: z.number().int().positive().max(1000).default(200),
});
export type ReviewFindingsQuery = z.input<typeof reviewFindingsQuery>;

const stateCounts = z.object({ open: z.number().int(), reviewed: z.number().int(), fixed: z.number().int(), excluded: z.number().int() });
export const findingRuleCount = z.object({ kind: findingKind, rule: z.string(), severity, total: z.number().int(), states: stateCounts });
export type FindingRuleCount = z.infer<typeof findingRuleCount>;

export const auditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  entity: z.string().nullable(),
  entityKey: z.string().nullable(),
  before: z.string().nullable(),
  after: z.string().nullable(),
  note: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

export const auditQuery = z.object({
  actor: z.string().max(200).optional(),
  action: z.string().max(100).optional(),
  /** Entity key (account number, run id…) or words of the note, before or after. */
  search: z.string().max(200).optional(),
  from: z.string().max(30).optional(),
  to: z.string().max(30).optional(),
  offset: z.number().int().nonnegative().default(0),
  limit: z.number().int().positive().max(1000).default(200),
});
export type AuditQuery = z.input<typeof auditQuery>;

/** One of the officer's own recent changes that can still be undone, newest first. */
export const undoableEdit = z.object({ id: z.number().int(), at: z.string(), actor: z.string(), label: z.string() });
export type UndoableEdit = z.infer<typeof undoableEdit>;

/** A save-or-download result: a native Save As in the desktop app, a download link in a browser. */
export const fileOffer = z.object({ savedTo: z.string().nullable(), downloadUrl: z.string().nullable() });

// ---- Insight: dashboard, account view, reconciliation views (issue 5) ----

/** "Ready to bill" / "ready to push": ready, or the plain-English reasons why not. */
export const readiness = z.object({ ready: z.boolean(), blockers: z.array(z.string()) });
export type Readiness = z.infer<typeof readiness>;

export const dashboardImport = z.object({
  batchId: z.string(),
  fileName: z.string(),
  run: z.string().nullable(),
  importedAt: z.string(),
  importedBy: z.string(),
  rowsRead: z.number().int(),
  rowsStaged: z.number().int(),
  rowsFlagged: z.number().int(),
  /** Rows an officer excluded since the import. */
  rowsExcluded: z.number().int(),
  errors: z.number().int(),
  warnings: z.number().int(),
});

export const dashboardSource = z.object({
  source: importableSource,
  label: z.string(),
  /** The current import(s): one per print run for the print-house bills, else at most one. */
  imports: z.array(dashboardImport),
  /** Findings of this source (from its imports and its cross-source checks) still open. */
  openFindings: z.number().int(),
  openErrors: z.number().int(),
});
export type DashboardSource = z.infer<typeof dashboardSource>;

/** How the workspace's accounts would be classified if the bills were run now (nothing written). */
export const classificationPreview = z.object({
  rowsRead: z.number().int(),
  flaggedRows: z.number().int(),
  duplicateRows: z.number().int(),
  accounts: z.number().int(),
  profiled: z.number().int(),
  excluded: z.number().int(),
  profiles: z.array(z.object({ profile: z.string(), label: z.string(), count: z.number().int() })),
  reasons: z.array(z.object({ code: z.string(), label: z.string(), count: z.number().int() })),
});
export type ClassificationPreviewView = z.infer<typeof classificationPreview>;

export const dashboardView = z.object({
  sources: z.array(dashboardSource),
  readyToBill: readiness,
  readyToPush: readiness,
  deaths: z.object({ entries: z.number().int(), undecided: z.number().int() }),
  findingsByRule: z.array(z.object({ rule: z.string(), kind: z.string(), severity, open: z.number().int(), total: z.number().int() })),
  /** Null when no accounts are staged or the billing settings cannot be used. */
  preview: classificationPreview.nullable(),
});
export type DashboardView = z.infer<typeof dashboardView>;

export const accountSummary = z.object({
  account: z.string(),
  name: z.string(),
  address: z.string(),
  postcode: z.string(),
  band: z.string(),
});
export type AccountSummary = z.infer<typeof accountSummary>;

/** One staged row of one source, its values formatted as the grid shows them. */
export const accountSourceRow = z.object({
  rowId: z.number().int(),
  line: z.number().int(),
  flagged: z.boolean(),
  duplicate: z.boolean(),
  values: z.array(z.string()),
});

export const accountClassification = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('profile'), profile: z.string(), label: z.string(), template: z.string(), forced: z.boolean() }),
  z.object({ kind: z.literal('excluded'), reasons: z.array(z.object({ code: z.string(), text: z.string() })) }),
  /** Not billable at all (not in accounts, or every accounts row is flagged or a duplicate). */
  z.object({ kind: z.literal('not_billable'), why: z.string() }),
]);
export type AccountClassificationView = z.infer<typeof accountClassification>;

export const accountView = z.object({
  account: z.string(),
  /** The account has a usable (not flagged) row in the Academy accounts. */
  inAccounts: z.boolean(),
  summary: accountSummary.nullable(),
  /** The band after the Valuation Office update (derived update 1), what the bills use. */
  bandAfterUpdate: z.string().nullable(),
  sources: z.array(
    z.object({ source: importableSource, label: z.string(), columns: z.array(gridColumn), rows: z.array(accountSourceRow), note: z.string().nullable() }),
  ),
  findings: z.array(reviewFinding),
  classification: accountClassification,
  derivedChanges: z.array(z.object({ update: z.number().int(), column: z.string(), before: z.string().nullable(), after: z.string().nullable(), appliedAt: z.string() })),
  override: accountOverride.nullable(),
  history: z.array(auditEntry),
  bills: z.array(
    z.object({
      runNumber: z.number().int(),
      runStatus: z.string(),
      runAt: z.string(),
      profile: z.string(),
      template: z.string(),
      billNumber: z.number().int(),
      gross: z.number().int(),
      net: z.number().int(),
    }),
  ),
  profiles: z.array(z.object({ id: z.string(), label: z.string() })),
});
export type AccountView = z.infer<typeof accountView>;

export const reconcileCode = z.object({
  code: z.string(),
  title: z.string(),
  description: z.string(),
  count: z.number().int(),
  open: z.number().int(),
});
export type ReconcileCodeView = z.infer<typeof reconcileCode>;

export const reconcileView = z.object({
  code: z.string(),
  title: z.string(),
  description: z.string(),
  columns: z.array(z.string()),
  total: z.number().int(),
  rows: z.array(
    z.object({
      /** "r<id>" as in review/findings; null for rows that are not findings (returned direct debits). */
      findingId: z.string().nullable(),
      state: findingState.nullable(),
      severity,
      account: z.string().nullable(),
      message: z.string(),
      values: z.array(z.string()),
    }),
  ),
});
export type ReconcileView = z.infer<typeof reconcileView>;

const note = z.string().trim().min(1, 'A note is required.').max(2000);


function method<Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res, description: string) {
  return { request, response, description };
}

export const contract = {
  'app/info': method(empty, z.object({ version: z.string(), transport: z.enum(['ipc', 'loopback']), canPickFiles: z.boolean(), user: z.string() }), 'What this app and transport can do.'),

  'workspace/current': method(empty, workspaceInfo.nullable(), 'The open workspace, if any.'),
  'workspace/recent': method(empty, z.array(recentWorkspace), 'Recently opened workspaces, newest first.'),
  'workspace/create': method(z.object({ path: z.string().min(1) }), workspaceInfo, 'Create a new workspace file and open it.'),
  'workspace/open': method(z.object({ path: z.string().min(1) }), workspaceInfo, 'Open (and migrate) an existing workspace.'),
  'workspace/close': method(empty, z.null(), 'Close the open workspace.'),
  'workspace/pickLocation': method(z.object({ mode: z.enum(['create', 'open']) }), z.string().nullable(), 'Ask the officer where a workspace is (native dialog).'),

  'files/pick': method(z.object({ title: z.string().optional(), kind: z.enum(['source', 'backup']).default('source') }), fileRef.nullable(), 'Let the officer choose a source file (native dialog).'),
  'files/registerPath': method(z.object({ path: z.string().min(1) }), fileRef, 'Accept a file dropped on the window.'),

  'import/recognise': method(
    z.object({ file: z.string().min(1) }),
    z.array(z.object({ source: importableSource, confidence: z.number(), reasons: z.array(z.string()) })),
    'Guess which source a file is, best first, for the officer to confirm.',
  ),
  'import/inspect': method(z.object({ file: z.string().min(1), source: importableSource, sheet: z.string().max(100).optional() }), mappingProposalView, 'Read the header and propose a column mapping.'),
  'import/start': method(
    z.object({ file: z.string().min(1), source: importableSource, mapping: columnMapping, run: z.string().max(40).optional(), sheet: z.string().max(100).optional() }),
    z.object({ jobId: z.string() }),
    'Import the file as a job.',
  ),
  'import/batches': method(z.object({ source: importableSource.optional() }), z.array(importBatch), 'Import records, newest first.'),

  'findings/list': method(findingsQuery, z.object({ total: z.number().int(), items: z.array(finding) }), 'Findings, in file order.'),
  'findings/export': method(
    z.object({ format: z.enum(['csv', 'xlsx']), source: importableSource.optional() }),
    z.object({ savedTo: z.string().nullable(), downloadUrl: z.string().nullable(), findings: z.number().int() }),
    'Write the validation report for people to open in Excel.',
  ),
  'findings/summary': method(z.object({ batchId: z.string() }), z.array(z.object({ rule: z.string(), severity, count: z.number().int(), message: z.string() })), 'Findings grouped by rule.'),

  'staging/columns': method(z.object({ source: importableSource }), z.array(gridColumn), 'The grid columns of a source.'),
  'staging/rows': method(rowsQuery, z.object({ total: z.number().int(), rows: z.array(stagedRow) }), 'A page of staged rows, sorted and filtered in SQLite.'),

  'deaths/list': method(empty, z.array(deathEntry), 'Death entries with their proposal and the decision so far.'),
  'deaths/decide': method(
    z.object({ ref: z.string().min(1), decision: z.enum(['confirm', 'not_found']), account: z.string().optional() }),
    deathEntry,
    "Record the officer's decision on a death entry.",
  ),
  'deaths/confirmProposed': method(empty, z.object({ confirmed: z.number().int(), notFound: z.number().int() }), 'Confirm every proposal; mark the rest not found.'),

  'billing/settings/get': method(empty, billingSettings, "The workspace's billing-year settings (2021/22 defaults until changed)."),
  'billing/settings/set': method(billingSettings, billingSettings, 'Validate and save the billing-year settings (audited).'),
  'billing/runs': method(empty, z.array(billRun), 'The bill runs, oldest first.'),
  'billing/approve': method(z.object({ run: z.string().min(1), note }), billRun, 'Approve a draft run (another officer than its maker; audited).'),
  'billing/release': method(
    z.object({ run: z.string().min(1) }),
    z.object({ run: billRun, folder: z.string(), files: z.array(z.string()) }),
    'Copy an approved run to the hand-off folder, hashes checked, and mark it released (audited).',
  ),
  'billing/start': method(
    z.object({ outDir: z.string().min(1).optional(), reissue: z.boolean().optional() }),
    z.object({ jobId: z.string() }),
    'Run the bills as a job (result: { run }); files go to bill-runs/run-<n> beside the workspace unless a folder is given.',
  ),
  'billing/openFile': method(
    z.object({ runId: z.string().min(1), file: z.string().min(1).max(200) }),
    z.object({ downloadUrl: z.string().nullable(), savedTo: z.string().nullable() }),
    "Offer one of a run's output files (download in a browser, Save As in the desktop app).",
  ),
  'billing/openFolder': method(z.object({ runId: z.string().min(1) }), z.object({ opened: z.boolean() }), "Open a run's output folder (desktop app only)."),
  'overrides/list': method(empty, z.array(accountOverride), 'The active officer overrides, by account.'),
  'overrides/set': method(
    z.discriminatedUnion('action', [
      z.object({ account: z.string().min(1), action: z.literal('force_profile'), profile: z.string().min(1), note }),
      z.object({ account: z.string().min(1), action: z.literal('exclude'), note }),
    ]),
    accountOverride,
    "Force a profile on an account or exclude it (MANUAL), with a note; replaces the account's override (audited).",
  ),
  'overrides/remove': method(z.object({ account: z.string().min(1), note: z.string().max(2000).optional() }), accountOverride, "Remove the account's override, kept as history (audited)."),

  'review/findings': method(
    reviewFindingsQuery,
    z.object({ total: z.number().int(), items: z.array(reviewFinding), counts: stateCounts }),
    'Findings of the current imports and checks with their review state, filtered and paged.',
  ),
  'review/rules': method(empty, z.array(findingRuleCount), 'Findings per rule with counts by state (for filters and charts).'),
  'review/setState': method(
    z.object({ ids: z.array(z.string().min(1)).min(1).max(100000), state: z.enum(['reviewed', 'open']), note: z.string().trim().max(2000).default('') }),
    z.object({ updated: z.number().int() }),
    'Mark findings reviewed (a note is required) or open again (audited, undoable).',
  ),
  'review/excludeRows': method(
    z.object({ ids: z.array(z.string().min(1)).min(1).max(100000), note }),
    z.object({ excludedRows: z.number().int() }),
    'Exclude the staged rows the findings are about (audited, undoable).',
  ),
  'rows/edit': method(
    z.object({ source: importableSource, rowId: z.number().int(), column: z.string().min(1), value: z.string().max(2000), note: z.string().trim().max(2000).optional() }),
    z.object({ row: stagedRow, fixed: z.number().int(), resolved: z.number().int(), stillFlagged: z.boolean() }),
    'Correct one cell: the value is checked by the same rules as an import, then the row is re-validated and the checks re-run (audited, undoable).',
  ),
  'rows/exclude': method(
    z.object({ source: importableSource, rowIds: z.array(z.number().int()).min(1).max(100000), note }),
    z.object({ changed: z.number().int() }),
    'Exclude staged rows from checks, bills and pushes (audited, undoable).',
  ),
  'rows/include': method(
    z.object({ source: importableSource, rowIds: z.array(z.number().int()).min(1).max(100000), note: z.string().trim().max(2000).optional() }),
    z.object({ changed: z.number().int() }),
    'Include excluded rows again (audited, undoable).',
  ),
  'rows/unapplied': method(
    empty,
    z.array(z.object({ kind: z.enum(['edit', 'exclusion']), source: z.string(), rowKey: z.string(), column: z.string().nullable(), value: z.string().nullable(), note: z.string().nullable(), by: z.string(), at: z.string() })),
    "Edits and exclusions whose row key is not in the current import (never silently dropped).",
  ),
  'undo/list': method(empty, z.array(undoableEdit), "The officer's own recent changes that can be undone, newest first."),
  'undo/apply': method(z.object({ id: z.number().int() }), z.object({ undone: z.string() }), "Undo the officer's most recent change (only the newest can be undone; audited)."),
  'audit/list': method(
    auditQuery,
    z.object({ total: z.number().int(), items: z.array(auditEntry), actors: z.array(z.string()), actions: z.array(z.string()) }),
    'The audit trail, newest first, filtered.',
  ),
  'audit/export': method(auditQuery.extend({ format: z.enum(['csv', 'xlsx']) }), fileOffer, 'Write the (filtered) audit trail for Excel.'),

  'dashboard/get': method(empty, dashboardView, 'Each source\'s current import, what blocks billing and pushing, and chart data.'),
  'accounts/get': method(z.object({ account: z.string().trim().min(1).max(20) }), accountView, 'Everything about one account across every source.'),
  'accounts/search': method(z.object({ text: z.string().trim().min(1).max(100) }), z.array(accountSummary), 'Up to 20 accounts by account number (prefix), surname or postcode.'),
  'reconcile/codes': method(empty, z.array(reconcileCode), 'The cross-source checks with their counts.'),
  'reconcile/view': method(
    z.object({ code: z.string().min(1).max(40), offset: z.number().int().nonnegative().default(0), limit: z.number().int().positive().max(1000).default(200) }),
    reconcileView,
    "One check's findings with each source's values side by side.",
  ),

  'workspace/backup': method(
    empty,
    z.object({ savedTo: z.string().nullable(), downloadUrl: z.string().nullable(), fileName: z.string() }),
    'Write a checked single-file backup of the open workspace (Save As in the desktop app, a download in a browser; audited).',
  ),
  'workspace/restore': method(
    z.object({ file: z.string().min(1), path: z.string().min(1) }),
    workspaceInfo,
    'Check a backup (a file token), copy it to a new location (never over a file) and open it (audited).',
  ),

  'jobs/get': method(z.object({ jobId: z.string() }), jobState, 'The state of a job.'),
  'jobs/cancel': method(z.object({ jobId: z.string() }), z.object({ cancelled: z.boolean() }), 'Ask a job to stop.'),
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type RequestOf<M extends MethodName> = z.input<Contract[M]['request']>;
export type ParsedRequestOf<M extends MethodName> = z.output<Contract[M]['request']>;
export type ResponseOf<M extends MethodName> = z.output<Contract[M]['response']>;
export const METHOD_NAMES: readonly MethodName[] = METHOD_NAME_LIST;

export const events = {
  'job/progress': jobProgress,
  'job/finished': jobState,
  'workspace/changed': workspaceInfo.nullable(),
} as const;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
export const EVENT_NAMES: readonly EventName[] = EVENT_NAME_LIST;

// names.ts must list exactly the contract's methods and events: either direction missing fails to compile.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const namesMatchContract: Same<MethodName, (typeof METHOD_NAME_LIST)[number]> & Same<EventName, (typeof EVENT_NAME_LIST)[number]> = true;
void namesMatchContract;

/** Server side: one handler per method. A missing or mistyped handler is a compile error. */
export type Handlers = { [M in MethodName]: (request: ParsedRequestOf<M>) => Promise<ResponseOf<M>> | ResponseOf<M> };
