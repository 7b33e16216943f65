// Overrides and death decisions are officers' edits too: the newest can be undone, which puts
// back exactly what was there (the override history included) and re-runs the checks.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, ctb, makeServices, tempDir } from '../../fixtures/harness';
import type { AppServices } from '../../../electron/core/api/appServices';

const tmp = tempDir('ctb-undo-');
const config = tmp.file('config');
const workspace = tmp.file('undo.ctbw');
let services: AppServices;

beforeAll(async () => {
  fs.writeFileSync(
    tmp.file('acc.csv'),
    'Mail Merge Reference,lead_liable_title,lead_liable_forename,lead_liable_surname,postcode,for_postcode\n312345678,Ms,Ann,Testfield,E9 3YZ,\n322345678,Mr,Bo,Mockley,E5 1ZZ,\n',
  );
  expect((await ctb(['import', '--workspace', workspace, '--source', 'accounts', tmp.file('acc.csv')], config)).code).toBe(0);
  fs.writeFileSync(tmp.file('deaths.txt'), Buffer.from('Name of Deceased|Date of Death|Usual Address\r\nAnn Testfield|15/01/2021|Flat 2, 1 Sample Street, London, E9 3YZ\r\n', 'latin1'));
  expect((await ctb(['import', '--workspace', workspace, '--source', 'death_list', tmp.file('deaths.txt')], config)).code).toBe(0);
  services = makeServices(config);
  await call(services, 'workspace/open', { path: workspace });
});
afterAll(() => {
  services.dispose();
  tmp.cleanup();
});

const newest = async () => (await call(services, 'undo/list', {}))[0];

describe('undo of overrides and death decisions', () => {
  it('undoes a replaced override back to the one before, history and all', async () => {
    await call(services, 'overrides/set', { account: '312345678', action: 'exclude', note: 'Moved away in March' });
    await call(services, 'overrides/set', { account: '312345678', action: 'force_profile', profile: 'CASH100', note: 'Moved back' });
    expect((await newest()).label).toBe('Forced profile CASH100 on account 312345678');
    await call(services, 'undo/apply', { id: (await newest()).id });
    expect(await call(services, 'overrides/list', {})).toMatchObject([{ account: '312345678', action: 'exclude', note: 'Moved away in March' }]);
    const rows = services.requireWorkspace().db.prepare('SELECT action, removed_at FROM overrides WHERE account = ?').all('312345678');
    expect(rows).toEqual([{ action: 'exclude', removed_at: null }]);
    // And the first one too: no override at all.
    await call(services, 'undo/apply', { id: (await newest()).id });
    expect(await call(services, 'overrides/list', {})).toEqual([]);
  });

  it('undoes removing an override', async () => {
    await call(services, 'overrides/set', { account: '322345678', action: 'exclude', note: 'Empty property' });
    await call(services, 'overrides/remove', { account: '322345678', note: 'Occupied again' });
    expect(await call(services, 'overrides/list', {})).toEqual([]);
    await call(services, 'undo/apply', { id: (await newest()).id });
    expect(await call(services, 'overrides/list', {})).toMatchObject([{ account: '322345678', action: 'exclude' }]);
  });

  it('undoes a death decision, and the entry is unmatched again in the checks', async () => {
    const [entry] = await call(services, 'deaths/list', {});
    expect(entry).toMatchObject({ status: 'unmatched', proposedAccount: '312345678' });
    const unmatched = async () => (await call(services, 'review/findings', { rule: 'DEATH_UNMATCHED', state: 'open' })).total;
    expect(await unmatched()).toBe(1);
    await call(services, 'deaths/decide', { ref: entry.entryId, decision: 'confirm', account: '312345678' });
    expect(await unmatched()).toBe(0);
    // Settled by the decision: listed as fixed, with the decision as its note.
    const fixed = await call(services, 'review/findings', { rule: 'DEATH_UNMATCHED', state: 'fixed' });
    expect(fixed.items.map((f) => f.stateNote)).toEqual([`Confirmed death entry ${entry.reference} to account 312345678.`]);
    expect((await newest()).label).toBe(`Confirmed death entry ${entry.reference} to account 312345678`);
    await call(services, 'undo/apply', { id: (await newest()).id });
    expect((await call(services, 'deaths/list', {}))[0]).toMatchObject({ status: 'unmatched', account: null, decidedBy: null });
    expect(await unmatched()).toBe(1);
    expect((await call(services, 'review/findings', { rule: 'DEATH_UNMATCHED', state: 'fixed' })).total).toBe(0);
    await call(services, 'deaths/confirmProposed', {});
    await call(services, 'undo/apply', { id: (await newest()).id });
    expect((await call(services, 'deaths/list', {}))[0].status).toBe('unmatched');
    const undos = await call(services, 'audit/list', { action: 'undo' });
    expect(undos.total).toBe(5);
  });
});
