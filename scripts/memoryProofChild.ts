// One import in a fresh process, for scripts/memoryProof.ts: prints its peak resident memory.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { AppServices } from '../electron/core/api/appServices';
import { silentLogger } from '../electron/core/log/logger';
import { noDialogs } from '../electron/core/platform/platformPort';
import { RecentWorkspaces } from '../electron/core/workspace/recentWorkspaces';

const [file, workspace] = process.argv.slice(2);
const services = new AppServices({ version: 'memory-proof', transport: 'loopback', platform: noDialogs, recent: new RecentWorkspaces(path.join(path.dirname(workspace), 'recent.json')), log: silentLogger, user: 'memory-proof' });
services.openWorkspace(workspace, 'create');
const ref = services.files.register(file);
const t0 = performance.now();
const proposal = await services.handlers['import/inspect']({ file: ref.token, source: 'cash_payments' });
const { jobId } = await services.handlers['import/start']({ file: ref.token, source: 'cash_payments', mapping: proposal.mapping });
const state = await services.jobs.wait(jobId);
if (state.status !== 'succeeded') throw new Error(`import ${state.status}: ${state.error?.message}`);
const rows = (state.result as { batch: { rowsStaged: number } }).batch.rowsStaged;
services.dispose();
// maxRSS is in kilobytes.
process.stdout.write(`${JSON.stringify({ peakMb: process.resourceUsage().maxRSS / 1024, rows, seconds: (performance.now() - t0) / 1000 })}\n`);
