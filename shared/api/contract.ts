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
});
export type RowsQuery = z.input<typeof rowsQuery>;

/** A staged row as the grid shows it: values already formatted for display, plus row facts. */
export const stagedRow = z.object({
  rowId: z.number().int(),
  line: z.number().int(),
  flagged: z.boolean(),
  duplicate: z.boolean(),
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

  'files/pick': method(z.object({ title: z.string().optional() }), fileRef.nullable(), 'Let the officer choose a source file (native dialog).'),
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
