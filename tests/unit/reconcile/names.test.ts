import { describe, expect, it } from 'vitest';
import { leadNameMatches, nameWords, normaliseNamePart } from '../../../shared/reconcile/names';

const acc = (title: string, forename: string, middle: string, surname: string) => ({
  title,
  surname,
  name: [forename, middle].filter(Boolean).join(' '),
  lastname: surname,
});

describe('normalising', () => {
  it('ignores case, punctuation and accents', () => {
    expect(normaliseNamePart("O'Sample")).toBe('OSAMPLE');
    expect(normaliseNamePart('Inès')).toBe('INES');
    expect(normaliseNamePart('Example-Mock')).toBe('EXAMPLEMOCK');
    expect(nameWords('  MRS   Robin  Lee ')).toEqual(['MRS', 'ROBIN', 'LEE']);
  });
});

describe('leadNameMatches (NAME_FDM)', () => {
  it('matches the printed "TITLE NAME SURNAME"', () => {
    expect(leadNameMatches('MRS ROBIN LEE O\'SAMPLE', acc('Mrs', 'Robin', 'Lee', "O'Sample"))).toBe(true);
  });
  it('matches "name lastname" without a title', () => {
    expect(leadNameMatches('EDEN PATTERNSON', acc('Miss', 'Eden', '', 'Patternson'))).toBe(true);
    expect(leadNameMatches('MARY-KATE EXAMPLE-MOCK', acc('Mrs', 'Mary-Kate', '', 'Example-Mock'))).toBe(true);
  });
  it('matches "title … surname" with an initial', () => {
    expect(leadNameMatches('MISS K PSEUDOTON', acc('Miss', 'Kemi', '', 'Pseudoton'))).toBe(true);
  });
  it('matches "title surname" with nothing in between', () => {
    expect(leadNameMatches('MR SMITH', acc('Mr', 'John', '', 'Smith'))).toBe(true);
  });
  it('ignores case, spacing, punctuation and accents', () => {
    expect(leadNameMatches('Miss Inès James Protowell', acc('Miss', 'Inès', 'James', 'Protowell'))).toBe(true);
    expect(leadNameMatches('MISS INES JAMES PROTOWELL', acc('Miss', 'Inès', 'James', 'Protowell'))).toBe(true);
    expect(leadNameMatches('MRS ROBIN LEE O SAMPLE', acc('Mrs', 'Robin', 'Lee', "O'Sample"))).toBe(true);
    expect(leadNameMatches('mrs.  robin lee osample', acc('Mrs', 'Robin', 'Lee', "O'Sample"))).toBe(true);
  });
  it('does not match another surname or another title', () => {
    expect(leadNameMatches('MISS TOMASZ FICTIVESTONE', acc('Ms', 'Tomasz', '', 'Pseudo'))).toBe(false);
    expect(leadNameMatches('MISS ROBIN SAMPLEWOOD', acc('Ms', 'Lee', 'John', 'Stubwell'))).toBe(false);
    expect(leadNameMatches('MRS JO SMITH', acc('Mr', 'Jo', '', 'Smith'))).toBe(false);
  });
  it('the title must be whole words: MR is not the start of MRS', () => {
    expect(leadNameMatches('MRS SMITH', acc('Mr', 'Ann', '', 'Smith'))).toBe(false);
  });
  it('the surname must be whole words at the end', () => {
    expect(leadNameMatches('MR JOHN BLACKSMITH', acc('Mr', 'Ann', '', 'Smith'))).toBe(false);
  });
  it('title and surname may not share a word', () => {
    expect(leadNameMatches('MR', { title: 'Mr', surname: 'Mr', name: '', lastname: '' })).toBe(false);
  });
  it('an empty bill name or an empty account name never matches', () => {
    expect(leadNameMatches('', acc('Mr', 'Jo', '', 'Smith'))).toBe(false);
    expect(leadNameMatches(null, acc('Mr', 'Jo', '', 'Smith'))).toBe(false);
    expect(leadNameMatches('JO SMITH', { title: null, surname: null, name: null, lastname: null })).toBe(false);
  });
});
