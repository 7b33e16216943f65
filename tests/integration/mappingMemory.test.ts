// An officer confirms a mapping the matcher could not guess; the next file with the same
// header gets that mapping proposed, marked as remembered.
import fs from 'node:fs';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppServices } from '../../electron/core/api/appServices';
import { csvField } from '../fixtures/accountsFixture';
import { call, makeServices, tempDir } from '../fixtures/harness';

const HEADERS = ['Acct No', 'Council Tax Band', 'Occupier Surname', 'postcode', 'Equal Access Code', 'Annual Charge'];
// What the officer chooses: three columns the matcher does not know, the recognised
// `postcode` deliberately left out, the unknown column kept unmapped.
const CONFIRMED = ['mail_merge_reference', 'vo_band', 'lead_liable_surname', null, null, 'calculated_20_21_charge'];

function csv(headers: string[], rows: string[][]): string {
  return [headers, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

const tmp = tempDir('ctb-mapping-');
afterAll(() => tmp.cleanup());

describe('mapping memory', () => {
  let services: AppServices;
  let n = 0;
  let workspace: string;

  beforeEach(async () => {
    n++;
    services = makeServices(tmp.file('config'));
    workspace = tmp.file(`mapping${n}.ctbw`);
    await call(services, 'workspace/create', { path: workspace });
  });
  afterEach(() => services.dispose());

  async function register(name: string, text: string) {
    fs.writeFileSync(tmp.file(name), text);
    return call(services, 'files/registerPath', { path: tmp.file(name) });
  }

  async function importWith(token: string, mapping: (string | null)[]) {
    const { jobId } = await call(services, 'import/start', { file: token, source: 'accounts', mapping });
    return services.jobs.wait(jobId);
  }

  it('proposes the remembered mapping for the next file with the same header', async () => {
    const first = await register(`first${n}.csv`, csv(HEADERS, [['312345678', 'C', 'Sample', 'E8 9ZZ', 'L', '1,310.50'], ['31234567X', 'd', 'Example', 'E9 1XA', '', '£1,474.31']]));

    const proposal = await call(services, 'import/inspect', { file: first.token, source: 'accounts' });
    expect(proposal.headers).toEqual(HEADERS);
    expect(proposal.mapping).toEqual([null, null, null, 'postcode', null, null]);
    expect(proposal.origin).toEqual(['none', 'none', 'none', 'matched', 'none', 'none']);
    expect(proposal.problems.map((p) => p.column)).toEqual(['mail_merge_reference']);
    expect(proposal.sampleRows[0]).toEqual(['312345678', 'C', 'Sample', 'E8 9ZZ', 'L', '1,310.50']);

    const state = await importWith(first.token, CONFIRMED);
    expect(state.status).toBe('succeeded');
    const batch = (state.result as { batch: { mapping: unknown; rowsStaged: number } }).batch;
    expect(batch.mapping).toEqual(HEADERS.map((header, i) => ({ header, column: CONFIRMED[i] })));
    expect(batch.rowsStaged).toBe(2);

    // The confirmed mapping is what staged the rows.
    const columns = await call(services, 'staging/columns', { source: 'accounts' });
    const idx = (name: string) => columns.findIndex((c) => c.name === name);
    const { rows } = await call(services, 'staging/rows', { source: 'accounts' });
    expect(rows.map((r) => [r.values[idx('mail_merge_reference')], r.values[idx('vo_band')], r.values[idx('lead_liable_surname')], r.values[idx('postcode')], r.values[idx('calculated_20_21_charge')]])).toEqual([
      ['312345678', 'C', 'Sample', '', '1310.50'],
      ['31234567X', 'D', 'Example', '', '1474.31'],
    ]);

    // A second file, same header, other rows: the remembered mapping, every position 'saved'.
    const second = await register(`second${n}.csv`, csv(HEADERS, [['398765432', 'A', 'Specimen', 'N16 2ZZ', 'S', '982.87']]));
    const again = await call(services, 'import/inspect', { file: second.token, source: 'accounts' });
    expect(again.mapping).toEqual(CONFIRMED);
    expect(again.origin).toEqual(HEADERS.map(() => 'saved'));
    expect(again.problems).toEqual([]);
    expect(again.missing).toContain('postcode');
  });

  it('recognises the remembered headers in another order and spelling', async () => {
    const first = await register(`a${n}.csv`, csv(HEADERS, [['312345678', 'C', 'Sample', 'E8 9ZZ', 'L', '1310.50']]));
    expect((await importWith(first.token, CONFIRMED)).status).toBe('succeeded');

    const shuffled = ['ANNUAL_CHARGE', 'acct-no', 'Postcode', 'council tax band'];
    const second = await register(`b${n}.csv`, csv(shuffled, [['1310.50', '312345678', 'E8 9ZZ', 'C']]));
    const proposal = await call(services, 'import/inspect', { file: second.token, source: 'accounts' });
    expect(proposal.mapping).toEqual(['calculated_20_21_charge', 'mail_merge_reference', null, 'vo_band']);
    expect(proposal.origin).toEqual(['saved', 'saved', 'saved', 'saved']);
  });

  it('remembers per workspace: a new workspace has not seen the mapping', async () => {
    const first = await register(`c${n}.csv`, csv(HEADERS, [['312345678', 'C', 'Sample', 'E8 9ZZ', 'L', '1310.50']]));
    expect((await importWith(first.token, CONFIRMED)).status).toBe('succeeded');
    await call(services, 'workspace/create', { path: tmp.file(`other${n}.ctbw`) });
    const proposal = await call(services, 'import/inspect', { file: first.token, source: 'accounts' });
    expect(proposal.mapping[0]).toBeNull();
    expect(proposal.origin).not.toContain('saved');
  });

  it('refuses an unusable mapping without importing or remembering anything', async () => {
    const first = await register(`d${n}.csv`, csv(HEADERS, [['312345678', 'C', 'Sample', 'E8 9ZZ', 'L', '1310.50']]));
    const twice = ['mail_merge_reference', 'postcode', null, 'postcode', null, null];
    const state = await importWith(first.token, twice);
    expect(state.status).toBe('failed');
    expect(state.error?.code).toBe('MAPPING_INVALID');
    expect(state.error?.message).toContain('postcode');
    expect(await call(services, 'import/batches', {})).toEqual([]);
    const proposal = await call(services, 'import/inspect', { file: first.token, source: 'accounts' });
    expect(proposal.origin).not.toContain('saved');
  });
});
