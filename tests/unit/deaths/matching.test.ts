import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createMatcher,
  MAX_CANDIDATES,
  normaliseName,
  postcodeOfAddress,
  proposeMatch,
  surnameOfNames,
  type MatchAccount,
} from '../../../shared/deaths/matching';

const acc = (account: string, surname: string, postcode: string, forPostcode = '', leadName = `Test ${surname}`): MatchAccount => ({ account, surname, postcode, forPostcode, leadName });
const entry = (names: string, address: string) => ({ names, address });

describe('postcodeOfAddress / surnameOfNames', () => {
  it('finds the UK postcode at the end of the address, with or without its space', () => {
    expect(postcodeOfAddress('Flat 2, 180 Dummy Place, London, E9 3YZ')).toBe('E93YZ');
    expect(postcodeOfAddress('1 Road, London, e93yz')).toBe('E93YZ');
    expect(postcodeOfAddress('10 Downing St, London, SW1A 2AA.')).toBe('SW1A2AA');
    expect(postcodeOfAddress('1 Road, Manchester, M1 1AE  ')).toBe('M11AE');
    expect(postcodeOfAddress('1 Road, Birmingham, B33 8TH')).toBe('B338TH');
    expect(postcodeOfAddress('1 Road, London, W1A 0AX')).toBe('W1A0AX');
    expect(postcodeOfAddress('1 Road, London')).toBeNull();
    expect(postcodeOfAddress('E9 3YZ, 1 Road, London')).toBeNull();
    expect(postcodeOfAddress('')).toBeNull();
  });

  it('takes the last word of the names, ignoring case, punctuation and accents', () => {
    expect(surnameOfNames('Oisin Patternworth')).toBe('PATTERNWORTH');
    expect(surnameOfNames("Sean O'Brien")).toBe('OBRIEN');
    expect(surnameOfNames('Ann Smith-Jones')).toBe('SMITHJONES');
    expect(surnameOfNames('Síle Ó Briain')).toBe('BRIAIN');
    expect(surnameOfNames('Renée Dupré ')).toBe('DUPRE');
    expect(surnameOfNames('  ')).toBeNull();
    expect(normaliseName("o'  brien")).toBe('OBRIEN');
  });
});

describe('proposeMatch', () => {
  const accounts = [
    acc('367992182', 'Patternworth', 'E9 3YZ', '', 'Miss Oisin Patternworth'),
    acc('341705391', 'Dummywood', 'E9 3YZ'),
    acc('323927779', 'Placeholderby', 'E8 7XN', 'E9 9XW'),
    acc('31137908', 'Patternworth', 'N16 6ZY'),
  ];

  it('proposes the one account with the postcode and the surname', () => {
    const r = proposeMatch(entry('Oisin Patternworth', 'Flat 2, 180 Dummy Place, London, E9 3YZ'), accounts);
    expect(r.proposal).toEqual({ account: '367992182', matchedName: 'Miss Oisin Patternworth' });
    expect(r.candidates).toEqual([
      { account: '367992182', score: 1, reasons: ['property postcode E9 3YZ', 'lead liable surname Patternworth'] },
      { account: '341705391', score: 0.5, reasons: ['property postcode E9 3YZ'] },
      { account: '31137908', score: 0.3, reasons: ['lead liable surname Patternworth'] },
    ]);
  });

  it('matches a forwarding postcode too', () => {
    const r = proposeMatch(entry('Eden Placeholderby', '85 Prototype Walk, London, E9 9XW'), accounts);
    expect(r.proposal?.account).toBe('323927779');
    expect(r.candidates[0].reasons).toEqual(['forwarding postcode E9 9XW', 'lead liable surname Placeholderby']);
  });

  it('makes no proposal when two accounts have the surname and postcode, but lists both', () => {
    const twins = [...accounts, acc('3800000001'.slice(0, 9), 'PATTERNWORTH', 'e93yz')];
    const r = proposeMatch(entry('Oisin Patternworth', 'Flat 2, E9 3YZ'), twins);
    expect(r.proposal).toBeNull();
    expect(r.candidates.filter((c) => c.score === 1).map((c) => c.account)).toEqual(['367992182', '380000000']);
  });

  it('makes no proposal on the postcode alone or the surname alone', () => {
    expect(proposeMatch(entry('Kim Dummywoodx', '1 Road, E9 3YZ'), accounts).proposal).toBeNull();
    expect(proposeMatch(entry('Oisin Patternworth', '1 Road, E1 1AA'), accounts).proposal).toBeNull();
    expect(proposeMatch(entry('Oisin Patternworth', '1 Road, London'), accounts)).toEqual({
      proposal: null,
      candidates: [
        { account: '31137908', score: 0.3, reasons: ['lead liable surname Patternworth'] },
        { account: '367992182', score: 0.3, reasons: ['lead liable surname Patternworth'] },
      ],
    });
  });

  it("ignores case, spaces and punctuation in surnames (O'Brien, Smith-Jones) and postcodes", () => {
    const list = [acc('312345678', 'OBRIEN', 'SW1A1AA'), acc('312345679', 'Smith Jones', 'n1 9ab', '', 'Mr A Smith Jones')];
    expect(proposeMatch(entry("Sean O'Brien", '1 Road, London, SW1A 1AA'), list).proposal?.account).toBe('312345678');
    expect(proposeMatch(entry('sean o’brien', '1 Road, London, sw1a1aa'), list).proposal?.account).toBe('312345678');
    expect(proposeMatch(entry('Ann SMITH-JONES', '2 Road, London, N19AB'), list).proposal).toEqual({ account: '312345679', matchedName: 'Mr A Smith Jones' });
  });

  it('lists at most ten candidates, best first, then in account order', () => {
    const many = Array.from({ length: 30 }, (_, i) => acc(`3${String(1000000 + i)}${i % 2 ? 'X' : ''}`, i < 5 ? 'Other' : 'Same', i < 20 ? 'E1 1AA' : 'E2 2BB'));
    const r = proposeMatch(entry('X Same', '1 Road, E1 1AA'), many.reverse());
    expect(r.candidates).toHaveLength(MAX_CANDIDATES);
    expect(r.candidates.every((c) => c.score === 1)).toBe(true);
    expect(r.proposal).toBeNull();
    const accountsInOrder = r.candidates.map((c) => c.account);
    expect(accountsInOrder[0]).toBe('31000005X');
    expect(accountsInOrder).toEqual([...accountsInOrder].sort((a, b) => a.replace('X', '').localeCompare(b.replace('X', ''))));
  });

  it('agrees with a brute-force reading of the rule (property test)', () => {
    const surnames = ["O'Brien", 'OBrien', 'Smith-Jones', 'smith jones', 'Lee', 'LEE', 'Ng'];
    // The entry's surname is its last word, so entries use one-word forms only.
    const entrySurnames = surnames.filter((s) => !s.includes(' '));
    const postcodes = ['E9 3YZ', 'e93yz', 'N1 9AB', 'SW1A 1AA', ''];
    const accountArb = fc.record({
      surname: fc.constantFrom(...surnames),
      postcode: fc.constantFrom(...postcodes),
      forPostcode: fc.constantFrom(...postcodes),
    });
    fc.assert(
      fc.property(fc.array(accountArb, { maxLength: 12 }), fc.constantFrom(...entrySurnames), fc.constantFrom('E9 3YZ', 'N19AB', 'SW1A 1AA'), (rows, surname, postcode) => {
        const list = rows.map((r, i) => acc(`3${String(1000000 + i)}`, r.surname, r.postcode, r.forPostcode));
        const key = (s: string): string => s.toUpperCase().replace(/[^A-Z0-9]/g, '');
        const brute = list.filter((a) => key(a.surname) === key(surname) && [a.postcode, a.forPostcode].some((p) => key(p) === key(postcode)));
        const r = createMatcher(list).propose(entry(`First ${surname}`, `1 Road, London, ${postcode}`));
        expect(r.proposal?.account ?? null).toBe(brute.length === 1 ? brute[0].account : null);
        expect(r.candidates.filter((c) => c.score === 1).map((c) => c.account)).toEqual(brute.slice(0, MAX_CANDIDATES).map((a) => a.account));
      }),
    );
  });

  it('indexes 120k accounts once and proposes quickly', () => {
    const n = 120_000;
    const list: MatchAccount[] = [];
    for (let i = 0; i < n; i++) {
      const postcode = `E${(i % 20) + 1} ${i % 10}${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + ((i * 7) % 26))}`;
      list.push(acc(`3${String(10000000 + i)}`, i % 100 === 0 ? 'Smith' : `Name${i}`, postcode, i % 3 === 0 ? 'N1 9AB' : ''));
    }
    list.push(acc('399999999', 'Unique', 'ZE1 0AA', '', 'Mr Unique'));
    const t0 = performance.now();
    const matcher = createMatcher(list);
    const entries = Array.from({ length: 50 }, (_, i) => entry(`Person Name${i * 997}`, `1 Road, E${((i * 997) % 20) + 1} 9ZZ`));
    for (const e of entries) matcher.propose(e);
    const common = matcher.propose(entry('Jo Smith', '1 Road, N1 9AB'));
    const unique = matcher.propose(entry('A Unique', '1 Road, ZE1 0AA'));
    const elapsed = performance.now() - t0;
    expect(unique.proposal).toEqual({ account: '399999999', matchedName: 'Mr Unique' });
    expect(common.candidates).toHaveLength(MAX_CANDIDATES);
    expect(common.proposal).toBeNull(); // Smiths with forwarding postcode N1 9AB: more than one
    expect(elapsed).toBeLessThan(5000);
  });
});
