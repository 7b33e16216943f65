import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkMapping, normaliseHeader, proposeMapping, toSavedMapping, type ColumnMapping } from '../../../shared/import/headerMatching';
import { ACCOUNTS } from '../../../shared/sources/catalog';
import { ACCOUNTS_COLUMNS, generateAccountsFixture, UNMAPPED_HEADER } from '../../fixtures/accountsFixture';

const names = ACCOUNTS.columns.map((c) => c.name);

describe('normaliseHeader', () => {
  it.each([
    ['Calculated 20/21 Charge', 'calculated2021charge'],
    ['calculated_20_21_charge', 'calculated2021charge'],
    ['Estimated 21-22 Charge', 'estimated2122charge'],
    ['Lead Liable Last-Name', 'leadliablelastname'],
    ['LEAD LIABLE NAME', 'leadliablename'],
    ['  Mail Merge Reference ', 'mailmergereference'],
    ['MAIL_MERGE_REF', 'mailmergeref'],
    ['mail merge ref.', 'mailmergeref'],
    ['Réf. Propriété', 'refpropriete'],
    ['', ''],
    ['***', ''],
  ])('%j → %j', (header, norm) => {
    expect(normaliseHeader(header)).toBe(norm);
  });

  it('is idempotent and ignores case and punctuation', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const n = normaliseHeader(s);
        expect(normaliseHeader(n)).toBe(n);
        expect(normaliseHeader(s.toUpperCase().replace(/ /g, '_'))).toBe(normaliseHeader(s.toLowerCase().replace(/ /g, '-')));
        expect(n).toMatch(/^[a-z0-9]*$/);
      }),
    );
  });
});

describe('proposeMapping', () => {
  it('matches the export headers to the canonical columns, ignoring case and punctuation', () => {
    const fx = generateAccountsFixture();
    const p = proposeMapping(fx.headers, ACCOUNTS);
    expect(p.mapping).toEqual(fx.headerMapping.map((h) => h.canonical));
    expect(p.origin).toEqual(fx.headerMapping.map((h) => (h.canonical ? 'matched' : 'none')));
    expect(p.missing).toEqual(['swipe_issue', 'swipe_card']);
    expect(p.mapping[fx.headers.indexOf(UNMAPPED_HEADER)]).toBeNull();
  });

  it('a saved mapping beats the automatic match', () => {
    const p = proposeMapping(['Postcode', 'Zip'], ACCOUNTS, { postcode: 'for_postcode', zip: 'postcode' });
    expect(p.mapping).toEqual(['for_postcode', 'postcode']);
    expect(p.origin).toEqual(['saved', 'saved']);
  });

  it('a saved null keeps a column unmapped even though its name matches', () => {
    const p = proposeMapping(['Mail Merge Reference', 'postcode'], ACCOUNTS, { postcode: null });
    expect(p.mapping).toEqual(['mail_merge_reference', null]);
    expect(p.origin).toEqual(['matched', 'saved']);
    expect(p.missing).toContain('postcode');
  });

  it('ignores a saved target that is no longer a column of the source', () => {
    const p = proposeMapping(['postcode'], ACCOUNTS, { postcode: 'retired_column' });
    expect(p.mapping).toEqual(['postcode']);
    expect(p.origin).toEqual(['matched']);
  });

  it('never feeds one canonical column twice', () => {
    const auto = proposeMapping(['postcode', 'Post Code', 'POSTCODE'], ACCOUNTS);
    expect(auto.mapping).toEqual(['postcode', null, null]);
    expect(auto.origin).toEqual(['matched', 'none', 'none']);

    const saved = proposeMapping(['Zip', 'Post Town Code'], ACCOUNTS, { zip: 'postcode', posttowncode: 'postcode' });
    expect(saved.mapping).toEqual(['postcode', null]);
    expect(saved.origin).toEqual(['saved', 'none']);

    const mixed = proposeMapping(['Zip', 'postcode'], ACCOUNTS, { zip: 'postcode' });
    expect(mixed.mapping).toEqual(['postcode', null]);
  });

  it('lists the missing columns in catalog order', () => {
    const p = proposeMapping(['postcode', 'vo band', 'Mail Merge Reference'], ACCOUNTS);
    expect(p.missing).toEqual(names.filter((n) => !['postcode', 'vo_band', 'mail_merge_reference'].includes(n)));
  });

  it('an empty header is not mapped', () => {
    const p = proposeMapping(['Mail Merge Reference', ''], ACCOUNTS);
    expect(p.mapping).toEqual(['mail_merge_reference', null]);
  });
});

describe('checkMapping', () => {
  const headers = ['Acct', 'Band', 'Post Code'];

  it('accepts a mapping that feeds the key once', () => {
    expect(checkMapping(headers, ['mail_merge_reference', 'vo_band', null], ACCOUNTS)).toEqual([]);
  });

  it('reports the missing required key column', () => {
    const problems = checkMapping(headers, [null, 'vo_band', 'postcode'], ACCOUNTS);
    expect(problems).toHaveLength(1);
    expect(problems[0].column).toBe('mail_merge_reference');
    expect(problems[0].message).toContain('mail_merge_reference');
  });

  it('reports two headers mapped to one column, naming both', () => {
    const problems = checkMapping(headers, ['mail_merge_reference', 'postcode', 'postcode'], ACCOUNTS);
    expect(problems).toHaveLength(1);
    expect(problems[0].column).toBe('postcode');
    expect(problems[0].message).toContain('"Band"');
    expect(problems[0].message).toContain('"Post Code"');
  });

  it('reports a target that is not a column of the source', () => {
    const problems = checkMapping(headers, ['mail_merge_reference', 'no_such_column', null], ACCOUNTS);
    expect(problems.map((p) => p.column)).toEqual(['no_such_column']);
  });

  it('reports a mapping of the wrong length', () => {
    expect(checkMapping(headers, ['mail_merge_reference'], ACCOUNTS)).toHaveLength(1);
  });

  it('accepts the proposal for the generated export', () => {
    const fx = generateAccountsFixture();
    expect(checkMapping(fx.headers, proposeMapping(fx.headers, ACCOUNTS).mapping, ACCOUNTS)).toEqual([]);
  });
});

describe('toSavedMapping', () => {
  it('remembers every header by its normalised name, nulls included', () => {
    expect(toSavedMapping(['Acct No', 'Equal Access Code', 'postcode', ''], ['mail_merge_reference', null, 'postcode', null])).toEqual({
      acctno: 'mail_merge_reference',
      equalaccesscode: null,
      postcode: 'postcode',
    });
  });

  it('round-trips: proposing from what was saved gives back the confirmed mapping, all "saved"', () => {
    // Headers with distinct normalised names; an injective mapping onto canonical columns.
    const arb = fc
      .uniqueArray(fc.stringMatching(/^[A-Za-z][A-Za-z0-9 _-]{0,12}$/), { minLength: 1, maxLength: 20, selector: normaliseHeader })
      .chain((headers) =>
        fc
          .shuffledSubarray([...names], { minLength: 0, maxLength: Math.min(headers.length, names.length) })
          .chain((targets) => fc.array(fc.boolean(), { minLength: headers.length, maxLength: headers.length }).map((keep) => ({ headers, targets, keep }))),
      )
      .map(({ headers, targets, keep }) => {
        const pool = [...targets];
        const mapping: ColumnMapping = headers.map((_, i) => (keep[i] && pool.length ? pool.shift()! : null));
        return { headers, mapping };
      });
    fc.assert(
      fc.property(arb, ({ headers, mapping }) => {
        const p = proposeMapping(headers, ACCOUNTS, toSavedMapping(headers, mapping));
        expect(p.mapping).toEqual(mapping);
        expect(p.origin).toEqual(headers.map(() => 'saved'));
      }),
      { numRuns: 300 },
    );
  });
});

describe('catalog', () => {
  it('lists the accounts columns in the order of sources.md', () => {
    expect(names).toEqual([...ACCOUNTS_COLUMNS]);
  });

  it('has exactly one key column, which is required', () => {
    const keys = ACCOUNTS.columns.filter((c) => c.key);
    expect(keys.map((c) => c.name)).toEqual(['mail_merge_reference']);
    expect(keys[0].required).toBe(true);
  });

  it('gives every column a distinct normalised name, so auto-matching is unambiguous', () => {
    expect(new Set(names.map(normaliseHeader)).size).toBe(names.length);
  });
});
