import { describe, expect, it } from 'vitest';
import { parseDeathReportLines, type DeathLine } from '../../../shared/deaths/deathEntries';

const header = (page: number, of: number): string[] => [
  'CONFIDENTIAL',
  'Deaths registered - Test Borough (synthetic test report)',
  `Date of report 25/01/2021  page ${page} of ${of}`,
];
const entry = (names: string, date: string, address: string): string[] => [
  `Name of Deceased  ${names}`,
  `Date of Death  ${date}`,
  `Usual Address  ${address}`,
  '_'.repeat(73),
];
const onPage = (page: number, texts: string[]): DeathLine[] => texts.map((text) => ({ page, text }));

describe('parseDeathReportLines (PDF report lines)', () => {
  it('reads entries and ignores the page header', () => {
    const lines = onPage(1, [...header(1, 1), ...entry('Oisin Patternworth', '15/01/2021', 'Flat 2, 180 Dummy Place, London, E9 3YZ'), ...entry('Kim Placeholderley', '10/01/2021', '138 Template Row, London, E9 9ZN')]);
    const { entries, problems } = parseDeathReportLines(lines);
    expect(problems).toEqual([]);
    expect(entries).toEqual([
      { reference: 1, names: 'Oisin Patternworth', date_of_death: '2021-01-15', address: 'Flat 2, 180 Dummy Place, London, E9 3YZ', page: 1, line: 4 },
      { reference: 2, names: 'Kim Placeholderley', date_of_death: '2021-01-10', address: '138 Template Row, London, E9 9ZN', page: 1, line: 8 },
    ]);
  });

  it('reads several pages, with headers on each and a footer line', () => {
    const lines = [
      ...onPage(1, [...header(1, 2), ...entry('A One', '01/01/2021', '1 Road, London, E1 1AA'), 'page 1 of 2']),
      ...onPage(2, [...header(2, 2), ...entry('B Two', '02/01/2021', '2 Road, London, E2 2BB')]),
    ];
    const { entries, problems } = parseDeathReportLines(lines);
    expect(problems).toEqual([]);
    expect(entries.map((e) => [e.reference, e.names, e.page, e.line])).toEqual([[1, 'A One', 1, 4], [2, 'B Two', 2, 4]]);
  });

  it('reads an entry split over a page break whole, dated to the page it starts on', () => {
    const lines = [
      ...onPage(1, [...header(1, 2), 'Name of Deceased  A One', 'Date of Death  01/01/2021']),
      ...onPage(2, [...header(2, 2), 'Usual Address  1 Road, London, E1 1AA', '_'.repeat(20), ...entry('B Two', '02/01/2021', '2 Road, E2 2BB')]),
    ];
    const { entries, problems } = parseDeathReportLines(lines);
    expect(problems).toEqual([]);
    expect(entries.map((e) => [e.names, e.address, e.page, e.line])).toEqual([['A One', '1 Road, London, E1 1AA', 1, 4], ['B Two', '2 Road, E2 2BB', 2, 6]]);
  });

  it('joins a wrapped address line to the address; the title line between pages is not taken as text', () => {
    const lines = [
      ...onPage(1, [...header(1, 2), 'Name of Deceased  A One', 'Date of Death  01/01/2021', 'Usual Address  Flat 9, Long Building Name,', 'Some Street, London, E1 1AA']),
      ...onPage(2, [...header(2, 2), '_'.repeat(20)]),
    ];
    const { entries } = parseDeathReportLines(lines);
    expect(entries.map((e) => e.address)).toEqual(['Flat 9, Long Building Name, Some Street, London, E1 1AA']);
  });

  it('accepts labels with a colon and entries not separated by a rule', () => {
    const lines = onPage(1, ['Name of Deceased: A One', 'Date of Death: 1/1/2021', 'Usual Address: 1 Road, E1 1AA', 'Name of Deceased: B Two', 'Date of Death: 2/1/2021', 'Usual Address: 2 Road, E2 2BB']);
    expect(parseDeathReportLines(lines).entries.map((e) => [e.reference, e.names, e.date_of_death])).toEqual([[1, 'A One', '2021-01-01'], [2, 'B Two', '2021-01-02']]);
  });

  it('reports unreadable entries (bad date, missing field, repeated field) and carries on', () => {
    const lines = onPage(1, [
      ...header(1, 1),
      ...entry('Bad Date', '32/01/2021', '1 Road, E1 1AA'),
      'Name of Deceased  No Address', 'Date of Death  01/01/2021', '_'.repeat(10),
      'Name of Deceased  Twice', 'Date of Death  01/01/2021', 'Date of Death  02/01/2021', 'Usual Address  1 Road, E1 1AA', '_'.repeat(10),
      'Date of Death  03/01/2021', 'Usual Address  3 Road, E3 3CC', '_'.repeat(10),
      ...entry('Good One', '04/01/2021', '4 Road, E4 4DD'),
    ]);
    const { entries, problems } = parseDeathReportLines(lines);
    expect(entries).toEqual([{ reference: 1, names: 'Good One', date_of_death: '2021-01-04', address: '4 Road, E4 4DD', page: 1, line: 19 }]);
    expect(problems).toEqual([
      { page: 1, line: 4, message: 'Entry starting on page 1, line 4: "Date of Death" "32/01/2021" is not a valid date (no such calendar date).' },
      { page: 1, line: 8, message: 'Entry starting on page 1, line 8 has no "Usual Address", so it cannot be read; check the report.' },
      { page: 1, line: 11, message: 'Entry starting on page 1, line 11 gives "Date of Death" twice, so it cannot be read; check the report.' },
      { page: 1, line: 16, message: 'Entry starting on page 1, line 16 has no "Name of Deceased", so it cannot be read; check the report.' },
    ]);
  });

  it('returns nothing for a report with only headers', () => {
    expect(parseDeathReportLines(onPage(1, header(1, 1)))).toEqual({ entries: [], problems: [] });
    expect(parseDeathReportLines([])).toEqual({ entries: [], problems: [] });
  });
});
