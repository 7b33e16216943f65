import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellRef, columnLetters } from '../../../shared/import/cellRef';
import { excelColumn } from '../../fixtures/accountsFixture';

/** Excel letters back to a 0-based index. */
const indexOf = (letters: string) => [...letters].reduce((n, ch) => n * 26 + (ch.charCodeAt(0) - 64), 0) - 1;

describe('columnLetters', () => {
  it.each([
    [0, 'A'],
    [1, 'B'],
    [25, 'Z'],
    [26, 'AA'],
    [27, 'AB'],
    [51, 'AZ'],
    [52, 'BA'],
    [701, 'ZZ'],
    [702, 'AAA'],
    [16383, 'XFD'], // Excel's last column
  ])('%i → %s', (i, letters) => {
    expect(columnLetters(i)).toBe(letters);
  });

  it('is the bijective base-26 numbering Excel uses', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (i) => {
        const letters = columnLetters(i);
        expect(letters).toMatch(/^[A-Z]+$/);
        expect(indexOf(letters)).toBe(i);
        expect(letters).toBe(excelColumn(i));
      }),
    );
  });
});

describe('cellRef', () => {
  it('joins column letters and the row number', () => {
    expect(cellRef(0, 1)).toBe('A1');
    expect(cellRef(4, 5)).toBe('E5');
    expect(cellRef(31, 1)).toBe('AF1');
    expect(cellRef(52, 120000)).toBe('BA120000');
  });

  it('prefixes a sheet, quoting names that need it', () => {
    expect(cellRef(0, 1, 'Sheet1')).toBe('Sheet1!A1');
    expect(cellRef(2, 18, 'Data_2021')).toBe('Data_2021!C18');
    expect(cellRef(0, 1, 'My Sheet')).toBe("'My Sheet'!A1");
    expect(cellRef(1, 2, 'Bands-2021')).toBe("'Bands-2021'!B2");
  });

  it('leaves the sheet off when there is none', () => {
    expect(cellRef(0, 1, '')).toBe('A1');
    expect(cellRef(0, 1, undefined)).toBe('A1');
  });

  it("doubles an apostrophe inside a quoted sheet name ('Bob''s'!A1)", () => {
    expect(cellRef(0, 1, "Bob's")).toBe("'Bob''s'!A1");
  });
});
