// A cross-source finding that a correction or an exclusion settles is no longer reported by the
// checks; it stays listed as fixed or excluded (with what it said), and undo brings it back.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, ctb, makeServices, tempDir } from '../../fixtures/harness';
import type { AppServices } from '../../../electron/core/api/appServices';

const tmp = tempDir('ctb-settled-');
const config = tmp.file('config');
const workspace = tmp.file('settled.ctbw');
let services: AppServices;

beforeAll(async () => {
  fs.writeFileSync(tmp.file('acc.csv'), 'Mail Merge Reference,lead_liable_surname,postcode\n312345678,Testfield,E9 3YZ\n322345678,Mockley,E5 1ZZ\n');
  fs.writeFileSync(
    tmp.file('cash.csv'),
    'Entry Date,Transaction Date,area,office,machine,Receipt No,internal_ref,user,Net Amount,fund,MOP,Account\n' +
      '01/04/2020,01/04/2020,HACKNEY,HSC,M1,R000000001,1,U1,£10.00,1,CARD,312345678\n' +
      '02/04/2020,02/04/2020,HACKNEY,HSC,M1,R000000002,2,U1,£20.00,1,CARD,399999999\n',
  );
  expect((await ctb(['import', '--workspace', workspace, '--source', 'accounts', tmp.file('acc.csv')], config)).code).toBe(0);
  expect((await ctb(['import', '--workspace', workspace, '--source', 'cash_payments', tmp.file('cash.csv')], config)).code).toBe(0);
  services = makeServices(config);
  await call(services, 'workspace/open', { path: workspace });
});
afterAll(() => {
  services.dispose();
  tmp.cleanup();
});

const orphans = (state?: 'open' | 'fixed' | 'excluded') => call(services, 'review/findings', { rule: 'ORPHAN', state });
const newest = async () => (await call(services, 'undo/list', {}))[0];

describe('cross-source findings settled by the officer', () => {
  it('a correction that settles a check lists it as fixed, with what it said', async () => {
    const open = await orphans('open');
    expect(open.total).toBe(1);
    const rowId = open.items[0].rows[0].rowId;
    const r = await call(services, 'rows/edit', { source: 'cash_payments', rowId, column: 'account', value: '322345678', note: 'Receipt keyed to the wrong account' });
    expect(r.resolved).toBe(1);
    expect((await orphans('open')).total).toBe(0);
    const fixed = await orphans('fixed');
    expect(fixed.items).toHaveLength(1);
    expect(fixed.items[0]).toMatchObject({ id: expect.stringMatching(/^s\d+$/), kind: 'reconciliation', account: '399999999', state: 'fixed', stateBy: 'test-officer' });
    expect(fixed.items[0].message).toContain('399999999');
    expect(fixed.items[0].stateNote).toMatch(/Settled by correcting Account number on line 3 of .* to "322345678"/);
    // Marking it reviewed adds nothing: it stays fixed.
    expect((await call(services, 'review/setState', { ids: [fixed.items[0].id], state: 'reviewed', note: 'seen' })).updated).toBe(0);
  });

  it('undoing the correction brings the finding back as open', async () => {
    await call(services, 'undo/apply', { id: (await newest()).id });
    expect((await orphans('fixed')).total).toBe(0);
    expect((await orphans('open')).total).toBe(1);
  });

  it('excluding the row from the grid lists the settled finding as excluded', async () => {
    const rowId = (await orphans('open')).items[0].rows[0].rowId;
    await call(services, 'rows/exclude', { source: 'cash_payments', rowIds: [rowId], note: 'Not a Hackney account' });
    const excluded = await orphans('excluded');
    expect(excluded.items.map((f) => [f.account, f.state, f.stateNote])).toEqual([['399999999', 'excluded', 'Rows excluded: Not a Hackney account']]);
    await call(services, 'undo/apply', { id: (await newest()).id });
    expect((await orphans('open')).total).toBe(1);
    expect((await orphans('excluded')).total).toBe(0);
  });
});
