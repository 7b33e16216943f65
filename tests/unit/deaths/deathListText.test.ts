import { describe, expect, it } from 'vitest';
import { parseDeathListText } from '../../../shared/deaths/deathEntries';
import { decodeCp1252 } from '../../fixtures/deaths/decode';

const HEADER = 'Name of Deceased|Date of Death|Usual Address';

/** Windows-1252 bytes of a string (only the characters these tests use outside ASCII). */
function cp1252(text: string): Uint8Array {
  const map: Record<string, number> = { 'é': 0xe9, 'í': 0xed, 'ó': 0xf3, 'Ó': 0xd3, '’': 0x92, '£': 0xa3 };
  return Uint8Array.from([...text].map((ch) => map[ch] ?? ch.charCodeAt(0)));
}

describe('parseDeathListText (pipe-separated export)', () => {
  it('reads the header row and the entries, with CRLF and trailing blank lines', () => {
    const text = `${HEADER}\r\nOisin Patternworth|15/01/2021|Flat 2, 180 Dummy Place, London, E9 3YZ\r\nMei Fictiveworth|25/12/2020|Flat 30, 175 Trial Way, London, E5 4YZ\r\n\r\n\r\n`;
    const { entries, problems, warnings } = parseDeathListText(text);
    expect(problems).toEqual([]);
    expect(warnings).toEqual([]);
    expect(entries).toEqual([
      { reference: 1, names: 'Oisin Patternworth', date_of_death: '2021-01-15', address: 'Flat 2, 180 Dummy Place, London, E9 3YZ', line: 2, page: null },
      { reference: 2, names: 'Mei Fictiveworth', date_of_death: '2020-12-25', address: 'Flat 30, 175 Trial Way, London, E5 4YZ', line: 3, page: null },
    ]);
  });

  it('keeps accented names decoded from Windows-1252 (including 0x80–0x9F: ’)', () => {
    const bytes = cp1252(`${HEADER}\r\nSíle Ó Briain|1/2/2021|12 Café Row, London, N1 9AB\r\nRenée D’Arcy|2021-02-03|3 Test St, London, SW1A 1AA\r\n`);
    const { entries, problems } = parseDeathListText(decodeCp1252(bytes));
    expect(problems).toEqual([]);
    expect(entries.map((e) => [e.names, e.date_of_death, e.address])).toEqual([
      ['Síle Ó Briain', '2021-02-01', '12 Café Row, London, N1 9AB'],
      ['Renée D’Arcy', '2021-02-03', '3 Test St, London, SW1A 1AA'],
    ]);
  });

  it('reports a bad date as a problem with its line and carries on', () => {
    const text = `${HEADER}\nA Person|31/02/2021|1 Road, E1 1AA\n\nB Person|not a date|2 Road, E1 1AA\nC Person|01-MAR-2021|3 Road, E1 1AA\n`;
    const { entries, problems } = parseDeathListText(text);
    expect(entries.map((e) => [e.reference, e.names, e.line])).toEqual([[1, 'C Person', 5]]);
    expect(problems.map((p) => p.line)).toEqual([2, 4]);
    expect(problems[0].message).toMatch(/Line 2: date of death "31\/02\/2021" is not a valid date \(no such calendar date\)/);
    expect(problems[1].page).toBeNull();
  });

  it('reports lines with the wrong number of fields or missing values', () => {
    const text = `${HEADER}\nOnly a name\nA|01/01/2021|B|C\n|01/01/2021|1 Road, E1 1AA\nD Person|01/01/2021|   \n`;
    const { entries, problems } = parseDeathListText(text);
    expect(entries).toEqual([]);
    expect(problems.map((p) => [p.line, p.message])).toEqual([
      [2, 'Line 2 has 1 field where 3 were expected (name|date of death|address), so it cannot be read.'],
      [3, 'Line 3 has 4 fields where 3 were expected (name|date of death|address), so it cannot be read.'],
      [4, 'Line 4 has no name, so it cannot be read.'],
      [5, 'Line 5 has no address, so it cannot be read.'],
    ]);
  });

  it('skips a repeated header row with a warning; a BOM and LF are fine; the header is optional', () => {
    const text = `\uFEFF${HEADER}\nA Person|01/01/2021|1 Road, E1 1AA\n${HEADER}\nB Person|02/01/2021|2 Road, E1 1AA`;
    const { entries, warnings } = parseDeathListText(text);
    expect(entries.map((e) => [e.reference, e.line])).toEqual([[1, 2], [2, 4]]);
    expect(warnings).toEqual([{ page: null, line: 3, message: 'Line 3 repeats the header row; skipped.' }]);
    expect(parseDeathListText('A Person|01/01/2021|1 Road, E1 1AA').entries).toHaveLength(1);
  });

  it('trims fields, collapses inner runs of spaces and strips surrounding quotes', () => {
    const { entries } = parseDeathListText(`${HEADER}\n  "Ann   Example" | 01/01/2021 |"1 Road,  London, E1 1AA"  \n`);
    expect(entries[0]).toMatchObject({ names: 'Ann Example', address: '1 Road, London, E1 1AA' });
  });
});
